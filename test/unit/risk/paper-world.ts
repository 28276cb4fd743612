import { PaperExchange } from '../../../core/exchange/paper-exchange.js';
import type { MarketRules } from '../../../core/exchange/port.js';
import { OrderJournal } from '../../../core/orders/journal.js';
import { JournaledExchange } from '../../../core/orders/journaled-exchange.js';
import { openMemoryStore } from '../../../core/store/open-store.js';
import type { HalyardStore } from '../../../core/store/store.js';
import { T0 } from './helpers.js';
import { testMarket } from '../../helpers/markets.js';

export const PAPER_MARKETS: MarketRules[] = ['BTC', 'ETH', 'SOL', 'ADA', 'XRP'].map((base) => testMarket(`${base}/USDT`, { minAmount: 0.001, minCost: 5 }));

/** The real paper exchange, journaled into a real (in-memory) store, with a halt flag the test controls. */
export function paperWorld(options: { store?: HalyardStore; balances?: Record<string, number> } = {}) {
  const store = options.store ?? openMemoryStore({ now: () => T0 });
  let clock = T0;
  const now = () => clock;
  // No slippage: fill prices in these tests are hand-computable.
  const paper = new PaperExchange({ markets: PAPER_MARKETS, balances: options.balances ?? { USDT: 100_000 }, now, config: { slippage: 0 } });
  const journal = new OrderJournal(store.orders, store.fills, now);
  const halt = { halted: false };
  const exchange = JournaledExchange.wrap({ inner: paper, journal, halted: () => halt.halted, venue: 'paper' });
  return { store, paper, journal, exchange, halt, advance: (ms: number) => (clock += ms), now };
}
