import { fromUnits, toUnits } from '../exchange/paper-decimal.js';
import type { MarketSymbol } from '../market/candle.js';
import { Position } from './positions.js';

/** One fill of the account as P&L needs it; fees are in the quote currency (as the paper exchange charges them). */
export interface PnlFill {
  readonly clientOrderId: string;
  readonly symbol: MarketSymbol;
  readonly side: 'buy' | 'sell';
  readonly price: number;
  readonly amount: number;
  readonly fee: number;
  readonly time: number;
  /** `manual` or the strategy's name: who owns the position the fill opens, adds to or closes. */
  readonly source: string;
}

/** What one exit fill realised against one position. `gross − fees = net`; `cost` is the entry cost of what was sold. */
export interface RealizedPiece {
  readonly time: number;
  readonly source: string;
  readonly symbol: MarketSymbol;
  readonly gross: number;
  /** Entry fees of the sold tranches plus this exit's share of its fee. */
  readonly fees: number;
  readonly net: number;
  readonly cost: number;
}

/** An open tranche: bought at `entryPrice`, still held; `fee` is the entry fee attributed to it. */
export interface OpenLot {
  readonly time: number;
  readonly source: string;
  readonly symbol: MarketSymbol;
  readonly quantity: number;
  readonly entryPrice: number;
  readonly fee: number;
}

interface OwnedPosition {
  readonly source: string;
  readonly position: Position;
}

/**
 * Replays an account's fills through the engine's own `Position` (tranches, FIFO exits, fees of the
 * consumed tranches), one position per source and symbol — the same accounting the trading desk and
 * the strategy engine use, so realized P&L here equals theirs. A sell larger than its source's
 * position (an emergency flatten is sent as a manual order) closes the other sources' positions in
 * that symbol, oldest first, and their P&L stays with the source that opened them.
 */
export class PnlLedger {
  private readonly open = new Map<string, OwnedPosition>();
  private readonly pieces: RealizedPiece[] = [];
  private seq = 0;

  /** Each symbol's fills must arrive in the order they happened (symbols never affect each other). */
  apply(fill: PnlFill): void {
    if (fill.side === 'buy') this.buy(fill);
    else this.sell(fill);
  }

  /** Every exit so far, in fill order. */
  get realized(): readonly RealizedPiece[] {
    return this.pieces;
  }

  /** The tranches still held, oldest first per position. */
  openLots(): OpenLot[] {
    const lots: OpenLot[] = [];
    for (const { source, position } of this.open.values()) {
      if (!position.isOpen) continue;
      for (const lot of position.openLots()) lots.push({ time: lot.time, source, symbol: position.symbol, quantity: lot.quantity, entryPrice: lot.price, fee: lot.fee });
    }
    return lots;
  }

  private buy(fill: PnlFill): void {
    const key = keyOf(fill.source, fill.symbol);
    let owned = this.open.get(key);
    if (!owned?.position.isOpen) {
      owned = { source: fill.source, position: new Position(`${key}#${++this.seq}`, fill.symbol, fill.time, fill.price) };
      this.open.set(key, owned);
    }
    owned.position.addFill(fill.clientOrderId, fill.amount, fill.price, fill.fee, fill.time);
  }

  private sell(fill: PnlFill): void {
    const total = toUnits(fill.amount);
    let left = total;
    let feeLeft = fill.fee;
    for (const { source, position } of this.sellOrder(fill)) {
      if (left === 0n) break;
      const held = toUnits(position.quantity);
      const piece = left < held ? left : held;
      left -= piece;
      // The exit fee is shared by size; the last piece takes the rest so the shares add up to the fee.
      const exitFee = left === 0n ? feeLeft : fill.fee * (fromUnits(piece) / fill.amount);
      feeLeft -= exitFee;
      // The reason is not reported here; the journal keeps each exit's real reason.
      const closed = position.reduce(fromUnits(piece), fill.price, exitFee, fill.time, 'manual');
      this.pieces.push({ time: fill.time, source, symbol: fill.symbol, gross: closed.pnl + closed.fees, fees: closed.fees, net: closed.pnl, cost: closed.entryPrice * closed.qty });
    }
    if (left > 0n) {
      // Coins this ledger never saw bought: no P&L to realise, but the fee was paid.
      this.pieces.push({ time: fill.time, source: fill.source, symbol: fill.symbol, gross: 0, fees: feeLeft, net: -feeLeft, cost: 0 });
    }
  }

  /** The fill's own position first, then the other sources' positions in the symbol, oldest first. */
  private sellOrder(fill: PnlFill): OwnedPosition[] {
    const own = this.open.get(keyOf(fill.source, fill.symbol));
    const others = [...this.open.values()]
      .filter((o) => o !== own && o.position.symbol === fill.symbol && o.position.isOpen)
      .sort((a, b) => a.position.openedAt - b.position.openedAt);
    return own?.position.isOpen ? [own, ...others] : others;
  }
}

function keyOf(source: string, symbol: MarketSymbol): string {
  return `${source}\u0000${symbol}`;
}
