import { z } from 'zod';
import type { CcxtExchange } from './ccxt-exchange.js';
import { mapCcxtError } from './error-map.js';

/**
 * What an API key may do, as the venue reports it. `unknown` where the venue's API does not tell
 * (Kraken's REST API has no key-permission endpoint) or does not say: the arming flow must then
 * ask the trader to confirm, since Halyard refuses keys that can withdraw and cannot check this one.
 */
export type Permission = boolean | 'unknown';

export interface KeyPermissions {
  readonly withdrawals: Permission;
  readonly trading: Permission;
  /** The endpoint that answered, for the audit trail and the arming dialog; null when none could. */
  readonly source: string | null;
}

type Client = Record<string, unknown>;

/** One venue's question: the ccxt implicit method for the documented endpoint, and how to read its answer. */
interface Check {
  readonly method: string;
  readonly source: string;
  readonly read: (body: unknown) => Omit<KeyPermissions, 'source'>;
}

const binanceRestrictions = z.object({ enableWithdrawals: z.boolean(), enableSpotAndMarginTrading: z.boolean() });
const bybitKey = z.object({ result: z.object({ readOnly: z.coerce.number(), permissions: z.record(z.string(), z.array(z.string())) }) });
const okxConfig = z.object({ data: z.array(z.object({ perm: z.string() })).min(1) });
const coinbaseKey = z.object({ can_trade: z.boolean(), can_transfer: z.boolean() });

const CHECKS: Readonly<Record<string, Check>> = {
  // developers.binance.com/docs/wallet/account/api-key-permission
  binance: {
    method: 'sapiGetAccountApiRestrictions',
    source: 'GET /sapi/v1/account/apiRestrictions',
    read: (body) => {
      const r = binanceRestrictions.parse(body);
      return { withdrawals: r.enableWithdrawals, trading: r.enableSpotAndMarginTrading };
    },
  },
  // bybit-exchange docs/v5/user/apikey-info.mdx: permissions.Wallet lists `Withdraw`; readOnly 1 cannot trade.
  bybit: {
    method: 'privateGetV5UserQueryApi',
    source: 'GET /v5/user/query-api',
    read: (body) => {
      const { result } = bybitKey.parse(body);
      const trades = ['ContractTrade', 'Spot', 'Derivatives', 'Options'].some((group) => (result.permissions[group] ?? []).length > 0);
      return { withdrawals: (result.permissions['Wallet'] ?? []).includes('Withdraw'), trading: result.readOnly === 0 && trades };
    },
  },
  // OKX GET /api/v5/account/config: `perm` is a comma list of read_only, trade, withdraw.
  okx: {
    method: 'privateGetAccountConfig',
    source: 'GET /api/v5/account/config',
    read: (body) => {
      const perms = okxConfig.parse(body).data[0]!.perm.split(',').map((p) => p.trim());
      return { withdrawals: perms.includes('withdraw'), trading: perms.includes('trade') };
    },
  },
  // Coinbase Advanced Trade GET /api/v3/brokerage/key_permissions: can_transfer moves funds out.
  coinbase: {
    method: 'v3PrivateGetBrokerageKeyPermissions',
    source: 'GET /api/v3/brokerage/key_permissions',
    read: (body) => {
      const key = coinbaseKey.parse(body);
      return { withdrawals: key.can_transfer, trading: key.can_trade };
    },
  },
};

function checkFor(exchange: string): Check | undefined {
  return CHECKS[exchange.startsWith('binance') ? 'binance' : exchange];
}

/** True when the exchange's API reports what a key may do (so arming refuses keys that can withdraw); false: "permissions unknown". */
export function reportsKeyPermissions(exchange: string): boolean {
  return checkFor(exchange) !== undefined;
}

/** Asks the venue what the key may do, where its API can tell; `unknown` everywhere else. */
export async function keyPermissions(exchange: CcxtExchange): Promise<KeyPermissions> {
  const check = checkFor(exchange.id);
  const client = exchange.client as unknown as Client;
  const call = check ? client[check.method] : undefined;
  if (!check || typeof call !== 'function') return { withdrawals: 'unknown', trading: 'unknown', source: null };
  let body: unknown;
  try {
    body = await (call as (params?: object) => Promise<unknown>).call(client, {});
  } catch (error) {
    throw mapCcxtError(error, 'read');
  }
  const parsed = safely(() => check.read(body));
  return parsed ? { ...parsed, source: check.source } : { withdrawals: 'unknown', trading: 'unknown', source: null };
}

/** An answer in a shape the venue does not document is not evidence either way. */
function safely<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}
