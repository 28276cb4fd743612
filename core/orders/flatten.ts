import { fmt } from '../exchange/precision.js';
import { TERMINAL_ORDER_STATUSES, type ExchangeOrder, type ExchangePort, type Fill } from '../exchange/port.js';
import type { FlattenReport } from '../risk/reports.js';
import type { OrderJournal } from './journal.js';
import type { OrderPipeline } from './pipeline.js';

/**
 * Flatten: close every position in the ledger — the trader's and every strategy's — on every account,
 * after an explicit confirmation. It is the trader's own risk-reducing act, so it goes through the order
 * pipeline while HALTED (journaled and audited as such): one market sell per (account, owner, symbol),
 * under that owner's name, with the reason `emergency_stop`. Then verification against the venue: each
 * order is followed until final, the venue's fills are recorded (the ledger takes them), and the owner's
 * position is read back. Dust below the market minimum cannot be sold and is reported as such.
 */

export interface FlattenAccount {
  readonly id: string;
  readonly port: Pick<ExchangePort, 'market' | 'roundAmount' | 'fetchOrderByClientId' | 'fetchFills'>;
}

export interface FlattenPosition {
  readonly owner: string;
  readonly symbol: string;
  readonly quantity: number;
}

type FlattenResult = FlattenReport['positions'][number];

export interface FlattenOptions {
  readonly pipeline: Pick<OrderPipeline, 'submit'>;
  readonly journal: OrderJournal;
  /** Every owner's open position on an account (the position ledger). */
  readonly positions: (account: string) => readonly FlattenPosition[];
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** How long to follow a flatten order until it is final (a paper market order fills on the next tick). */
  readonly settleMs?: number;
}

export async function flattenAccounts(accounts: readonly FlattenAccount[], options: FlattenOptions): Promise<FlattenReport> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const perAccount = await Promise.all(accounts.map((account) => Promise.all(options.positions(account.id).map((position) => flattenOne(account, position, options, startedAt)))));
  const positions = perAccount.flat();
  return { startedAt, finishedAt: now(), positions, verified: positions.every((p) => p.outcome === 'closed' || p.outcome === 'dust' || p.outcome === 'nothing') };
}

async function flattenOne(account: FlattenAccount, position: FlattenPosition, options: FlattenOptions, startedAt: number): Promise<FlattenResult> {
  const { port } = account;
  const rules = port.market(position.symbol);
  const result = (outcome: FlattenResult['outcome'], detail: string, clientOrderId: string | null = null, remaining = position.quantity): FlattenResult => ({
    account: account.id,
    owner: position.owner,
    symbol: position.symbol,
    quantity: position.quantity,
    clientOrderId,
    outcome,
    remaining,
    detail,
  });
  const amount = port.roundAmount(position.symbol, position.quantity);
  if (!(amount > 0) || (rules.minAmount !== null && amount < rules.minAmount)) {
    return result('dust', `${fmt(position.quantity)} ${rules.base} is below the minimum ${fmt(rules.minAmount ?? rules.amountStep)} ${rules.base}: it cannot be sold`);
  }
  const submission = options.pipeline.submit({
    account: account.id,
    owner: position.owner,
    act: 'trader',
    intent: { symbol: position.symbol, side: 'sell', type: 'market', amount, purpose: 'exit', reason: 'emergency_stop: flatten', exitReason: 'emergency_stop' },
  });
  const sent = await submission.done;
  if (!sent.ok) return result('failed', `the market sell of ${fmt(amount)} ${rules.base} was refused: ${sent.message}`, submission.clientOrderId);
  const order = await followUntilFinal(account, sent.order, options).catch(() => sent.order);
  // Verify with the venue's own fills: record them (the ledger takes each once), then read the owner's position back.
  for (const fill of await port.fetchFills(position.symbol, startedAt - 60_000)) {
    const owner = options.journal.find(account.id, fill.clientOrderId || null, fill.exchangeOrderId);
    if (owner) options.journal.fills.record(account.id, { ...fill, clientOrderId: owner.clientOrderId } satisfies Fill);
  }
  const remaining = options.positions(account.id).find((p) => p.owner === position.owner && p.symbol === position.symbol)?.quantity ?? 0;
  const sellable = rules.minAmount ?? rules.amountStep;
  const detail = `sold ${fmt(order.filled)} of ${fmt(amount)} ${rules.base} (order ${order.status}); ${position.owner === 'manual' ? 'your' : `${position.owner}'s`} position now ${fmt(remaining)} ${rules.base}`;
  if (remaining < sellable) return result('closed', detail, submission.clientOrderId, remaining);
  return result(remaining < position.quantity ? 'partial' : 'failed', detail, submission.clientOrderId, remaining);
}

async function followUntilFinal(account: FlattenAccount, sent: Pick<ExchangeOrder, 'clientOrderId' | 'symbol' | 'filled' | 'status'>, options: FlattenOptions): Promise<Pick<ExchangeOrder, 'filled' | 'status'>> {
  // The venue's answer to the sell, as journaled, already says it is final (a market order that filled): nothing to ask.
  if (TERMINAL_ORDER_STATUSES.has(sent.status)) return sent;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // Counted polls, not a deadline: a test's frozen clock must not make this spin forever.
  let polls = Math.ceil((options.settleMs ?? 15_000) / 100);
  let current = await account.port.fetchOrderByClientId(sent.clientOrderId, sent.symbol);
  while (current !== null && !TERMINAL_ORDER_STATUSES.has(current.status) && polls-- > 0) {
    await sleep(100);
    current = (await account.port.fetchOrderByClientId(sent.clientOrderId, sent.symbol)) ?? current;
  }
  if (current === null) throw new Error(`the venue does not know the flatten order ${sent.clientOrderId} yet`);
  options.journal.apply(account.id, current);
  return current;
}
