import { AccountPortfolios } from '../../core/accounts/portfolio.js';
import { AccountRegistry } from '../../core/accounts/registry.js';
import type { TradingAccount } from '../../core/accounts/trading-account.js';
import { PaperExchange } from '../../core/exchange/paper-exchange.js';
import type { Candle } from '../../core/market/candle.js';
import type { MarketRules } from '../../core/exchange/port.js';
import { OrderJournal } from '../../core/orders/journal.js';
import { JournaledExchange } from '../../core/orders/journaled-exchange.js';
import { OrderPipeline } from '../../core/orders/pipeline.js';
import { MANUAL, PositionLedger } from '../../core/positions/ledger.js';
import { RiskControls } from '../../core/risk/controls.js';
import { DayStarts } from '../../core/risk/day-start.js';
import { HaltSwitch } from '../../core/risk/halt.js';
import { InMemoryRiskStateStore } from '../../core/risk/state.js';
import type { RiskConfigInput } from '../../core/risk/config.js';
import { parseRiskConfig } from '../../core/risk/config.js';
import { openMemoryStore } from '../../core/store/open-store.js';
import type { HalyardStore } from '../../core/store/store.js';
import { testMarket } from './markets.js';

export const WORLD_T0 = Date.UTC(2024, 0, 10, 10);

/**
 * The real order road on the real paper exchange, in a real (in-memory) store: journal, position ledger,
 * account registry, account-wide portfolios, risk controls and the order pipeline — put together the way
 * core/app/services.ts does, without a market feed (the test drives the paper venue with candles).
 */
export function orderWorld(options: { balances?: Record<string, number>; markets?: MarketRules[]; risk?: RiskConfigInput; store?: HalyardStore } = {}) {
  const store = options.store ?? openMemoryStore({ now: () => WORLD_T0 });
  let clock = WORLD_T0;
  const now = () => clock;
  const markets = options.markets ?? ['BTC', 'ETH', 'SOL'].map((base) => testMarket(`${base}/USDT`, { minAmount: 0.001, minCost: 5 }));
  // No slippage: fill prices are hand-computable.
  const paper = new PaperExchange({ markets, balances: options.balances ?? { USDT: 10_000 }, now, config: { slippage: 0 } });
  const journal = new OrderJournal(store.orders, store.fills, now);
  let seq = 0;
  const ledger = new PositionLedger({ store: store.ledger, newTradeId: (owner) => `${owner}-t${++seq}` });
  journal.onNewFill((venue, fill, order) => ledger.applyFill(venue, fill, order ? { owner: order.strategy ?? MANUAL, tradeId: order.tradeId, exitReason: order.exitReason } : null));
  const halt = new HaltSwitch(store.halt, now);
  const port = JournaledExchange.wrap({ inner: paper, journal, halted: () => halt.halted, venue: 'paper' });
  const account: TradingAccount = {
    id: 'paper',
    label: 'Paper',
    mode: 'paper',
    exchange: 'paper',
    port,
    quote: 'USDT',
    balanceSnapshot: () => paper.balancesNow(),
    balances: async () => paper.balancesNow(),
    markPrice: (symbol) => paper.lastCandleClose(symbol),
  };
  const registry = new AccountRegistry();
  registry.register(account);
  const controls = new RiskControls({ stateStore: new InMemoryRiskStateStore(), halted: () => halt.halted, config: parseRiskConfig({ tradeCooldownMinutes: 0, ...options.risk }) });
  const portfolios = new AccountPortfolios({ ledger, workingOrders: (id) => journal.live(id), dayStarts: new DayStarts(store.settings, () => controls.config.breaker.timeZone), now });
  let ids = 0;
  const pipeline = new OrderPipeline({
    account: (id) => registry.get(id),
    accountIds: () => registry.list().map((a) => a.id),
    journal,
    holdings: (id, symbol) => new Map(ledger.holders(id, symbol).map((entry) => [entry.owner, entry.position.quantity])),
    gate: controls,
    portfolio: (a, hint) => portfolios.of(registry.require(a.id), hint)!,
    halted: () => halt.halted,
    audit: (action, detail) => store.audit.append({ category: 'emergency_stop', action, source: 'user', detail }),
    newOrderId: () => `w-${++ids}`,
  });
  /** A bar at `price` for every market (fills what crosses it), one minute after the last. */
  const bar = (price: number, symbol = markets[0]!.symbol) => {
    clock += 60_000;
    const candle: Candle = { time: clock, open: price, high: price, low: price, close: price, volume: 1_000_000 };
    paper.onCandle(symbol, candle);
  };
  return { store, paper, journal, ledger, halt, port, account, registry, controls, portfolios, pipeline, bar, now, advance: (ms: number) => (clock += ms) };
}
