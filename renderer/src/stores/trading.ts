import { create } from 'zustand';
import type { FillView, OrderView, PositionView } from '../../../core/api/contract/trading';

export type BalanceView = { currency: string; free: number; used: number; total: number };

/** Statuses that still rest on the book (or may): shown under Open Orders with a Cancel button. */
export const OPEN_STATUSES: ReadonlySet<OrderView['status']> = new Set(['pending', 'open', 'partially_filled', 'unknown']);

const MAX_FILLS = 20_000;

interface TradingState {
  /** Every order we know of, by client order id (open and finished: history needs exit reasons). */
  orders: Record<string, OrderView>;
  fills: FillView[];
  positions: PositionView[];
  balances: BalanceView[];
  loaded: boolean;
  /** Why the trading data could not be loaded, in words; null when fine. */
  error: string | null;
  setOrders(orders: OrderView[]): void;
  upsertOrder(order: OrderView): void;
  setFills(fills: FillView[]): void;
  addFill(fill: FillView): void;
  setPositions(positions: PositionView[]): void;
  setBalances(balances: BalanceView[]): void;
  setLoaded(error: string | null): void;
}

/**
 * A mirror of the core's trading state for display. Nothing here is computed: the core sends
 * orders, fills and positions with their P&L already worked out; this store only keeps the latest.
 */
export const useTradingStore = create<TradingState>((set) => ({
  orders: {},
  fills: [],
  positions: [],
  balances: [],
  loaded: false,
  error: null,
  setOrders: (orders) => set((s) => ({ orders: { ...s.orders, ...Object.fromEntries(orders.map((o) => [o.clientOrderId, o])) } })),
  upsertOrder: (order) =>
    set((s) => {
      const known = s.orders[order.clientOrderId];
      // Events may overtake a list response: never replace newer state with older.
      if (known && known.updatedAt > order.updatedAt) return s;
      return { orders: { ...s.orders, [order.clientOrderId]: order } };
    }),
  // fills.list answers oldest first: reversed before the (stable) sort, fills of one bar stay newest first too.
  setFills: (fills) => set({ fills: [...fills].reverse().sort((a, b) => b.time - a.time).slice(0, MAX_FILLS) }),
  addFill: (fill) => set((s) => (s.fills.some((f) => f.id === fill.id) ? s : { fills: [fill, ...s.fills].slice(0, MAX_FILLS) })),
  // The core re-sends the list on every closed bar: an unchanged one keeps its identity (nothing re-renders).
  setPositions: (positions) => set((s) => (samePositions(s.positions, positions) ? s : { positions })),
  setBalances: (balances) => set({ balances }),
  setLoaded: (error) => set({ loaded: true, error }),
}));

/** Positions are small plain JSON from the core: equal text is equal content. */
function samePositions(a: readonly PositionView[], b: readonly PositionView[]): boolean {
  return a === b || (a.length === b.length && JSON.stringify(a) === JSON.stringify(b));
}

export function openOrders(orders: Record<string, OrderView>): OrderView[] {
  return Object.values(orders)
    .filter((o) => OPEN_STATUSES.has(o.status))
    .sort((a, b) => b.createdAt - a.createdAt);
}
