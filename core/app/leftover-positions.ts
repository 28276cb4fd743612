import type { PositionView } from '../api/contract/trading.js';
import { newClientOrderId } from '../exchange/client-order-id.js';
import { TERMINAL_ORDER_STATUSES, type ExchangePort, type Fill } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';
import type { ExitReason } from '../strategies/contract.js';
import type { RestoredPosition, StrategyBook } from './strategy-book.js';
import { strategyPositionView } from './strategy-position-view.js';

export interface LeftoverPositionsOptions {
  readonly book: StrategyBook;
  /** Every saved configuration's name. */
  readonly names: () => readonly string[];
  /** True when a running engine of `name` trades `symbol` (it holds the position then, not this). */
  readonly runs: (name: string, symbol: MarketSymbol) => boolean;
  readonly exchange: () => ExchangePort | null;
  readonly claimOrder: (clientOrderId: string, strategy: string) => void;
  readonly attributeOrder?: (clientOrderId: string, tradeId: string, exitReason: ExitReason | null) => void;
  readonly mark: (symbol: MarketSymbol) => number | null;
  /** The account the book and port belong to (the rows' id prefix); default `paper`. */
  readonly account?: string;
}

/**
 * Positions of configurations that are not running (disabled, or no longer trading the symbol): still
 * held on the account, so they are shown in Positions — rebuilt from their fills, with the exits they
 * had (not enforced: no engine runs them) — and can be closed from the row. Their closing fills are
 * recorded against the configuration's trade like an engine's, with the reason `manual`, or
 * `emergency_stop` when the emergency stop's flatten sold them.
 */
export class LeftoverPositions {
  private held: { readonly name: string; readonly symbol: MarketSymbol; readonly restored: RestoredPosition }[] = [];
  /** Close orders sent from a row: client order id → whose trade their fills close. */
  private readonly closing = new Map<string, { readonly name: string; readonly tradeId: string }>();
  private watching: { readonly port: ExchangePort; readonly off: () => void } | null = null;

  constructor(private readonly options: LeftoverPositionsOptions) {}

  /** Rebuilds the list from the store (after start, a relaunch, or a closing fill). */
  refresh(): void {
    const held: typeof this.held = [];
    for (const name of this.options.names()) {
      for (const [symbol, restored] of this.options.book.restore(name)) {
        if (!this.options.runs(name, symbol)) held.push({ name, symbol, restored });
      }
    }
    this.held = held;
  }

  views(): PositionView[] {
    return this.held.map(({ name, symbol, restored }) => strategyPositionView(name, symbol, restored.position, this.options.mark(symbol), this.options.account));
  }

  /** Sells the whole leftover position at market under the configuration's name; false when there is none. */
  close(name: string, symbol: MarketSymbol): boolean {
    const entry = this.held.find((h) => h.name === name && h.symbol === symbol);
    const port = this.options.exchange();
    if (!entry || !port) return false;
    this.watch(port);
    const clientOrderId = newClientOrderId();
    this.options.claimOrder(clientOrderId, name);
    this.closing.set(clientOrderId, { name, tradeId: entry.restored.position.tradeId });
    // Journaled synchronously (the caller reads the order back at once and shows it); a refusal is
    // journaled as rejected (or unknown, for reconciliation) by the port, so nothing is lost here.
    port.placeOrder({ clientOrderId, symbol, side: 'sell', type: 'market', amount: port.roundAmount(symbol, entry.restored.position.quantity) }).catch(() => this.closing.delete(clientOrderId));
    return true;
  }

  /**
   * The emergency stop's flatten sold `left` of `fill` that no running engine held: leftover positions in
   * the symbol take it in turn. Returns the quantity they accounted for.
   */
  flattened(fill: Fill, left: number): number {
    let taken = 0;
    for (const { name, symbol, restored } of this.held) {
      if (symbol !== fill.symbol || !(left - taken > 0)) continue;
      const qty = Math.min(left - taken, restored.position.quantity);
      this.options.book.recordFill(name, { id: fill.id, tradeId: restored.position.tradeId, qty, purpose: 'exit', reason: 'emergency_stop' });
      taken += qty;
    }
    if (taken > 0) this.refresh();
    return taken;
  }

  stop(): void {
    this.watching?.off();
    this.watching = null;
    this.closing.clear();
    this.held = [];
  }

  private watch(port: ExchangePort): void {
    if (this.watching?.port === port) return;
    this.watching?.off();
    const off = port.onOrderUpdate(({ order, fills }) => {
      const closing = this.closing.get(order.clientOrderId);
      if (!closing) return;
      for (const fill of fills) {
        this.options.book.recordFill(closing.name, { id: fill.id, tradeId: closing.tradeId, qty: fill.amount, purpose: 'exit', reason: 'manual' });
        this.options.attributeOrder?.(fill.clientOrderId, closing.tradeId, 'manual');
      }
      if (TERMINAL_ORDER_STATUSES.has(order.status)) this.closing.delete(order.clientOrderId);
      if (fills.length > 0) this.refresh();
    });
    this.watching = { port, off };
  }
}
