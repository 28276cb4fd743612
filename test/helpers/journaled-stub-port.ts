import { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { RateBudget, RateBudgets } from '../../core/exchange/rate-budget.js';
import { OrderJournal } from '../../core/orders/journal.js';
import { JournaledExchange } from '../../core/orders/journaled-exchange.js';
import type { HalyardStore } from '../../core/store/store.js';

type AccountConfig = ConstructorParameters<typeof CcxtExchange>[0]['account'];

export interface JournaledStubPortInput {
  /** The loopback stub's venue and credentials, plus anything else the account needs (Bybit's market types). */
  readonly account: Omit<AccountConfig, 'timeoutMs'>;
  /** The rate budget's key and the journal's venue id. */
  readonly accountKey: string;
  readonly venue: string;
  /** The test's clock: back-offs move it instead of waiting. */
  readonly time: { readonly now: () => number; readonly sleep: (ms: number) => Promise<void> };
  readonly store: HalyardStore;
}

/**
 * Real ccxt against a loopback stub on the test's clock — quick timeouts, one read try, a generous rate
 * budget — behind the order journal on `store`: the port the order road sends through.
 */
export function journaledStubPort({ account, accountKey, venue, time, store }: JournaledStubPortInput): { adapter: CcxtExchange; journal: OrderJournal; port: JournaledExchange } {
  const budgets = new RateBudgets();
  budgets.forAccount(accountKey, () => new RateBudget({ refillPerMs: 1, capacity: 500 }));
  const adapter = new CcxtExchange({
    account: { ...account, timeoutMs: 300 },
    accountKey,
    budgets,
    now: time.now,
    sleep: time.sleep,
    random: () => 0.5,
    readRetry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
  const journal = new OrderJournal(store.orders, store.fills, time.now);
  return { adapter, journal, port: JournaledExchange.wrap({ inner: adapter, journal, halted: () => false, venue }) };
}
