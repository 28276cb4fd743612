import type { Candle, MarketSymbol } from '../../../core/market/candle.js';
import type { OrderRecord } from '../../../core/orders/order-record.js';
import type { SubmitOutcome } from '../../../core/orders/pipeline.js';
import { AllocationBook } from '../../../core/orchestrator/allocation-book.js';
import type { AllocationPlan, ConfigRef } from '../../../core/orchestrator/allocation.js';
import type { Claim } from '../../../core/orchestrator/arbitration.js';
import { AdmissionDesk, type ActiveFilter } from '../../../core/orchestrator/desk.js';
import { edgeStats, type EdgeStats } from '../../../core/orchestrator/edge.js';
import { BarBook } from '../../../core/orchestrator/features.js';
import { PolicyBook, type PolicyChange } from '../../../core/orchestrator/policies.js';
import type { AdmissionOrder } from '../../../core/runner/admission.js';
import { openMemoryDatabase } from '../../../core/store/db.js';
import { loadMigrations, migrate } from '../../../core/store/migrate.js';
import { HalyardStore } from '../../../core/store/store.js';

export const T0 = Date.UTC(2024, 2, 1);
const MINUTE = 60_000;

export interface Sent {
  readonly config: string;
  readonly symbol: MarketSymbol;
  readonly amount: number;
  readonly price: number;
  readonly clientOrderId: string;
}

/** An in-memory store with the real migrations and repositories. */
export function memoryStore(now: () => number = () => T0): HalyardStore {
  const db = openMemoryDatabase();
  migrate(db, loadMigrations());
  return new HalyardStore(db, { persistent: false, file: null }, now);
}

/**
 * The admission desk over real repositories (in memory), with an account whose orders fill at once at
 * their price: what the desk sends becomes a position of its configuration, so budgets fill up as they
 * would on the paper account.
 */
export function deskWorld(options: { configs: readonly (Omit<ConfigRef, 'account'> & { account?: string })[]; equity?: number; plan?: AllocationPlan; policies?: Record<string, PolicyChange>; edge?: (config: string, symbol: MarketSymbol) => EdgeStats; filter?: (config: string) => ActiveFilter | null; fill?: boolean; refuse?: (order: AdmissionOrder) => string | null }) {
  let clock = T0;
  const store = memoryStore(() => clock);
  const configs: ConfigRef[] = options.configs.map((config) => ({ ...config, account: config.account ?? 'paper' }));
  let equity: number | null = options.equity ?? 10_000;
  const positions = new Map<string, { owner: string; symbol: string; quantity: number; averageEntry: number }>();
  const working: OrderRecord[] = [];
  const sent: Sent[] = [];
  const book = new BarBook();
  const policies = new PolicyBook(store.settings);
  for (const [name, change] of Object.entries(options.policies ?? {})) policies.set(name, change);
  const allocation = new AllocationBook({
    settings: store.settings,
    configs: () => configs,
    equity: () => equity,
    quote: () => 'USDT',
    positions: () => [...positions.values()],
    working: () => working,
    mark: () => null,
    audit: () => undefined,
  });
  if (options.plan) allocation.set('paper', options.plan);
  let ids = 0;
  const claims = (account: string, symbol: MarketSymbol): Claim[] => [
    ...[...positions.values()].filter((p) => p.symbol === symbol && p.quantity > 0).map((p) => ({ owner: p.owner, kind: 'position' as const })),
    ...working.filter((o) => o.symbol === symbol && o.strategy !== null && o.venue === account).map((o) => ({ owner: o.strategy!, kind: 'order' as const })),
  ];
  const desk = new AdmissionDesk({
    book,
    // Paper configurations trade the chart's market; a live account's, its exchange's feed (as RunFeeds keys them).
    feedOf: (account) => (account === 'paper' ? 'chart' : account.split(':')[0]!),
    allocation,
    policies,
    edge: options.edge ?? ((config, symbol) => edgeStats(store.outcomes.closed(config, symbol))),
    filter: options.filter ?? (() => null),
    decisions: store.decisions,
    claims,
    committedOn: (_account, config, symbol) => {
      const p = positions.get(`${config}|${symbol}`);
      return p ? p.quantity * p.averageEntry : 0;
    },
    equity: () => equity,
    quote: () => 'USDT',
    now: () => clock,
    newOrderId: () => `h-${++ids}`,
  });
  const send = (order: AdmissionOrder) => async (amount: number, clientOrderId: string): Promise<SubmitOutcome> => {
    // The pipeline's own refusal (precision, the risk gate, HALTED): nothing reaches the account.
    const refusal = options.refuse?.(order) ?? null;
    if (refusal !== null) return { ok: false, stage: 'rules', message: refusal };
    sent.push({ config: order.config, symbol: order.symbol, amount, price: order.price, clientOrderId });
    const record: OrderRecord = { clientOrderId, venue: 'paper', accountId: null, exchangeOrderId: null, symbol: order.symbol, side: 'buy', type: order.type, price: order.price, stopPrice: null, amount, filled: amount, averagePrice: order.price, fee: 0, feeCurrency: null, reduceOnly: false, postOnly: false, timeInForce: 'GTC', status: 'filled', strategy: order.config, reason: 'test', tradeId: order.tradeId, exitReason: null, createdAt: clock, updatedAt: clock };
    if (order.purpose === 'exit') return { ok: true, order: record };
    if (options.fill === false) {
      working.push({ ...record, status: 'open', filled: 0, averagePrice: null });
      return { ok: true, order: record };
    }
    const key = `${order.config}|${order.symbol}`;
    const held = positions.get(key) ?? { owner: order.config, symbol: order.symbol, quantity: 0, averageEntry: 0 };
    const quantity = held.quantity + amount;
    positions.set(key, { ...held, quantity, averageEntry: (held.quantity * held.averageEntry + amount * order.price) / quantity });
    return { ok: true, order: record };
  };
  return {
    store,
    desk,
    allocation,
    policies,
    sent,
    positions,
    working,
    book,
    get time() {
      return clock;
    },
    /** The account's equity moved (prices, other fills); null: not known (a live account not connected). */
    setEquity(value: number | null) {
      equity = value;
    },
    /** Opens the next bar of `symbol` at `close` on `feed` (the chart's market, or a venue's). */
    openBar(symbol: MarketSymbol, close: number, at = clock, feed = 'chart'): Candle {
      clock = at;
      const candle = { time: at, open: close, high: close * 1.001, low: close * 0.999, close, volume: 10 };
      desk.openBar(symbol, candle, feed);
      clock = at + MINUTE;
      return candle;
    },
    /** An entry of `config` as a running engine would hand it over. */
    order(config: string, symbol: MarketSymbol, notional: number, price: number, extra: Partial<AdmissionOrder> = {}): AdmissionOrder {
      const ref = configs.find((c) => c.name === config);
      return { account: ref?.account ?? 'paper', config, strategy: ref?.strategy ?? 'sma-cross', version: 1, symbol, side: 'buy', purpose: 'enter', type: 'market', amount: notional / price, price, exitReason: null, tradeId: `${config}-t`, act: 'automatic', score: null, components: null, readiness: () => 50, ...extra };
    },
    submit(order: AdmissionOrder): Promise<SubmitOutcome> {
      return desk.submit(order, send(order)).done;
    },
  };
}
