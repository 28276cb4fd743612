import { ApiError } from '../api/errors.js';
import { CcxtExchange } from '../exchange/ccxt-exchange.js';
import { isExchangeError } from '../exchange/errors.js';
import { keyPermissions } from '../exchange/key-permissions.js';
import type { RateBudgets } from '../exchange/rate-budget.js';
import type { StopAccount } from '../risk/emergency-stop.js';
import type { HaltSwitch } from '../risk/halt.js';
import type { OrderJournal } from '../risk/journal.js';
import { JournaledExchange } from '../risk/journaled-exchange.js';
import type { AccountRecord } from '../store/repositories/accounts.js';
import type { HalyardStore } from '../store/store.js';
import { toView, type AccountsService } from './accounts-service.js';
import type { HandlerMap } from './handlers.js';

interface Connected {
  readonly record: AccountRecord;
  readonly venue: string;
  readonly port: JournaledExchange;
}

export interface LiveAccountsOptions {
  readonly store: HalyardStore;
  readonly accounts: AccountsService;
  readonly journal: OrderJournal;
  readonly halt: HaltSwitch;
  readonly budgets: RateBudgets;
  /** Called when the set of armed accounts changes (the status bar's mode). */
  readonly onChange: () => void;
}

const RISK_CONFIG_KEY = 'risk.config';

/**
 * Live trading is armed deliberately, one account at a time: credentials in the keychain, risk limits
 * saved by the trader, the account label typed to confirm, the key accepted by the exchange, and no
 * withdrawal permission where the exchange reports it. Armed accounts are journaled, halt-checked
 * ports that the emergency stop cancels on and reconciliation checks.
 */
export class LiveAccounts {
  private readonly connected = new Map<number, Connected>();

  constructor(private readonly options: LiveAccountsOptions) {}

  /** Reconnects accounts the trader left armed (they stay LIVE across restarts; HALTED still applies). */
  async start(): Promise<void> {
    for (const record of this.options.store.accounts.list()) {
      if (record.mode !== 'live') continue;
      try {
        await this.connect(record);
      } catch {
        // Keys revoked or the venue down: back to paper rather than LIVE with no connection.
        this.options.store.accounts.setMode(record.id, 'paper');
        this.audit('disarmed', record, 'system', { why: 'could not reconnect at start' });
      }
    }
  }

  stopAccounts(): readonly StopAccount[] {
    return [...this.connected.values()].map((c) => ({ id: c.venue, label: c.record.label, mode: 'live' as const, port: c.port }));
  }

  /** The journaled port of an armed account, by its venue key `<exchange>:<label>`. */
  port(venue: string): JournaledExchange | null {
    for (const c of this.connected.values()) if (c.venue === venue) return c.port;
    return null;
  }

  mode(): { kind: 'paper' | 'live'; account: string | null } {
    const first = [...this.connected.values()][0];
    return first ? { kind: 'live', account: [...this.connected.values()].map((c) => c.venue).join(', ') } : { kind: 'paper', account: null };
  }

  async close(): Promise<void> {
    for (const c of this.connected.values()) await c.port.close();
    this.connected.clear();
  }

  handlers(): HandlerMap {
    return {
      'accounts.arm': async ({ id, confirmLabel }) => {
        const record = this.options.store.accounts.get(id);
        if (!record) throw new ApiError('not_found', `no account ${id}`);
        if (confirmLabel !== record.label) throw new ApiError('rejected', `type the account label "${record.label}" exactly to arm it for live trading`);
        if (this.options.store.settings.getRaw(RISK_CONFIG_KEY) == null) {
          throw new ApiError('rejected', 'save your risk limits (Risk tab) before going live: max order size, exposure and the daily loss breaker apply to live orders');
        }
        if (this.connected.has(id)) return toView(this.options.store.accounts.get(id)!);
        await this.connect(record);
        const armed = this.options.store.accounts.setMode(id, 'live');
        this.audit('armed', armed, 'user', {});
        this.options.onChange();
        return toView(armed);
      },
      'accounts.disarm': async ({ id }) => {
        const record = this.options.store.accounts.get(id);
        if (!record) throw new ApiError('not_found', `no account ${id}`);
        const connected = this.connected.get(id);
        this.connected.delete(id);
        await connected?.port.close();
        const paper = this.options.store.accounts.setMode(id, 'paper');
        if (record.mode === 'live') this.audit('disarmed', paper, 'user', {});
        this.options.onChange();
        return toView(paper);
      },
    };
  }

  private async connect(record: AccountRecord): Promise<void> {
    const credentials = await this.options.accounts.credentials(record.id);
    if (!credentials) throw new ApiError('rejected', `no API key for ${record.exchange}:${record.label} in the keychain: add it under Settings → Accounts`);
    const exchange = new CcxtExchange({
      account: {
        exchange: record.exchange,
        apiKey: credentials.apiKey,
        secret: credentials.apiSecret,
        ...(credentials.passphrase ? { password: credentials.passphrase } : {}),
        sandbox: record.sandbox,
        baseUrl: record.baseUrl,
      },
      budgets: this.options.budgets,
    });
    try {
      await exchange.loadMarkets();
      await exchange.fetchBalances(); // proves the key signs and is accepted
      const permissions = await keyPermissions(exchange);
      if (permissions.withdrawals === true) {
        throw new ApiError('rejected', `this ${record.exchange} key allows withdrawals. Create a trade-only key (no withdrawal permission, ideally IP-restricted) and replace it in Settings → Accounts`);
      }
    } catch (error) {
      await exchange.close();
      if (error instanceof ApiError) throw error;
      if (isExchangeError(error, 'auth')) throw new ApiError('rejected', `${record.exchange} refused the key: ${error.message}`);
      throw new ApiError('unavailable', `could not connect to ${record.exchange}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const venue = `${record.exchange}:${record.label}`;
    const port = JournaledExchange.wrap({ inner: exchange, journal: this.options.journal, halted: () => this.options.halt.halted, venue, accountId: record.id });
    this.connected.set(record.id, { record, venue, port });
  }

  private audit(action: string, account: AccountRecord, source: string, extra: Record<string, unknown>): void {
    this.options.store.audit.append({ category: 'mode', action, source, detail: { accountId: account.id, exchange: account.exchange, label: account.label, ...extra } });
  }
}
