import type { FillView } from '../api/contract/trading.js';
import { PnlLedger } from '../engine/pnl-ledger.js';
import type { ExitResult } from './event-alerts.js';

/**
 * What one exit fill realised: the account's fills of that symbol replayed, in order, through the
 * engine's own FIFO position accounting (the P&L tab's), and the pieces the exit closed summed.
 * Net of the entry and exit fees; the percentage is net over the cost of what was sold.
 */
export function exitResult(exit: FillView, fills: readonly FillView[]): ExitResult | null {
  const ledger = new PnlLedger();
  for (const fill of fills) {
    if (fill.account !== exit.account || fill.symbol !== exit.symbol) continue;
    const before = ledger.realized.length;
    ledger.apply({ clientOrderId: fill.clientOrderId, symbol: fill.symbol, side: fill.side, price: fill.price, amount: fill.amount, fee: fill.fee, time: fill.time, source: fill.source });
    if (fill.id !== exit.id) continue;
    const pieces = ledger.realized.slice(before);
    if (pieces.length === 0) return null;
    const net = pieces.reduce((sum, piece) => sum + piece.net, 0);
    const cost = pieces.reduce((sum, piece) => sum + piece.cost, 0);
    return { net, pct: cost > 0 ? (net / cost) * 100 : null, currency: exit.symbol.split('/')[1] ?? '' };
  }
  return null;
}
