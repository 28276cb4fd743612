import { fromUnits, toUnits } from '../exchange/paper-decimal.js';
import type { MarketSymbol } from '../market/candle.js';
import type { ExitPlan, ExitReason, PositionView } from '../strategies/contract.js';
import type { ExitState, PendingExit } from './exits.js';

/** One entry fill (or the fills of one entry order), consumed oldest first by exits. */
interface Tranche {
  readonly orderId: string;
  readonly time: number;
  qtyUnits: bigint;
  price: number;
  /** Entry fee still attributed to the unconsumed part of this tranche. */
  fee: number;
}

/** One exit of a position (a partial exit is its own record; all share the position's trade id). */
export interface ClosedTrade {
  readonly id: string;
  readonly symbol: MarketSymbol;
  readonly side: 'long';
  readonly entryTime: number;
  readonly exitTime: number;
  readonly qty: number;
  /** Size-weighted entry price of the tranches this exit consumed (FIFO). */
  readonly entryPrice: number;
  readonly exitPrice: number;
  /** Entry fees of the consumed part plus this exit's fee. */
  readonly fees: number;
  /** Net of all those fees, in quote currency. */
  readonly pnl: number;
  readonly reason: ExitReason;
}

/**
 * A long position built from tranches. Entries add tranches (weighted average entry); exits consume
 * them FIFO, so a partial exit realises P&L against the oldest entries first. Quantities are kept
 * in ledger units so that "sell everything" sells exactly what was bought.
 */
export class Position {
  private readonly tranches: Tranche[] = [];
  private head = 0;
  private qtyUnits = 0n;
  /** qtyUnits as a number, kept in step (read on every bar; converting each time would be slow). */
  private qty = 0;
  private average = 0;
  /** Initialised with a number, not only in the constructor: see SimulatedClock (a new high is stored on many bars). */
  private highestPrice = 0;
  /** The strategies' read-only copy, rebuilt only when the position changes. */
  private cachedView: PositionView | null = null;
  exits: ExitState | null = null;
  /** An automatic exit that triggered and has not filled yet (retried until it does, or the position closes). */
  pendingExit: PendingExit | null = null;
  /** The plan `exits` was built from, so more fills of the same entry order keep its progress. */
  exitsSource: ExitPlan | null = null;
  realizedPnl = 0;

  constructor(
    readonly tradeId: string,
    readonly symbol: MarketSymbol,
    readonly openedAt: number,
    firstPrice: number,
  ) {
    this.highestPrice = firstPrice;
  }

  get highest(): number {
    return this.highestPrice;
  }

  /** Records a new high since entry (trailing stops and the view use it). */
  markHigh(price: number): void {
    if (price > this.highestPrice) {
      this.highestPrice = price;
      this.cachedView = null;
    }
  }

  get quantity(): number {
    return this.qty;
  }

  get isOpen(): boolean {
    return this.qtyUnits > 0n;
  }

  get averageEntry(): number {
    return this.average;
  }

  /** The open tranches, oldest first (for display: the workspace's position rows). */
  openTranches(): { price: number; quantity: number; time: number }[] {
    return this.tranches.slice(this.head).map((t) => ({ price: t.price, quantity: fromUnits(t.qtyUnits), time: t.time }));
  }

  /** The open tranches with the entry fee still attributed to each (P&L reports fees of the open part). */
  openLots(): { price: number; quantity: number; time: number; fee: number }[] {
    return this.tranches.slice(this.head).map((t) => ({ price: t.price, quantity: fromUnits(t.qtyUnits), time: t.time, fee: t.fee }));
  }

  get trancheCount(): number {
    return this.tranches.length - this.head;
  }

  addFill(orderId: string, qty: number, price: number, fee: number, time: number): void {
    const units = toUnits(qty);
    const last = this.tranches[this.tranches.length - 1];
    if (last !== undefined && this.tranches.length > this.head && last.orderId === orderId) {
      // More fills of the same entry order make one tranche at their weighted price.
      const total = last.qtyUnits + units;
      last.price = (last.price * fromUnits(last.qtyUnits) + price * qty) / fromUnits(total);
      last.qtyUnits = total;
      last.fee += fee;
    } else {
      this.tranches.push({ orderId, time, qtyUnits: units, price, fee });
    }
    this.qtyUnits += units;
    this.qty = fromUnits(this.qtyUnits);
    this.cachedView = null;
    this.recomputeAverage();
  }

  /** Sells `qty` FIFO at `price`; returns the closed-trade record with its one reason. */
  reduce(qty: number, price: number, exitFee: number, time: number, reason: ExitReason): ClosedTrade {
    const sold = toUnits(qty);
    let left = sold;
    if (left > this.qtyUnits) throw new Error(`cannot sell ${qty} of a ${this.quantity} position`);
    let entryCost = 0;
    let entryFees = 0;
    let entryTime = Number.NaN;
    while (left > 0n) {
      const tranche = this.tranches[this.head]!;
      if (Number.isNaN(entryTime)) entryTime = tranche.time;
      const piece = left < tranche.qtyUnits ? left : tranche.qtyUnits;
      const pieceQty = fromUnits(piece);
      const share = piece === tranche.qtyUnits ? 1 : pieceQty / fromUnits(tranche.qtyUnits);
      const fee = tranche.fee * share;
      entryCost += pieceQty * tranche.price;
      entryFees += fee;
      tranche.fee -= fee;
      tranche.qtyUnits -= piece;
      left -= piece;
      if (tranche.qtyUnits === 0n) this.head++;
    }
    this.qtyUnits -= sold;
    this.qty = fromUnits(this.qtyUnits);
    this.cachedView = null;
    this.recomputeAverage();
    const fees = entryFees + exitFee;
    const pnl = qty * price - entryCost - fees;
    this.realizedPnl += pnl;
    return { id: this.tradeId, symbol: this.symbol, side: 'long', entryTime, exitTime: time, qty, entryPrice: entryCost / qty, exitPrice: price, fees, pnl, reason };
  }

  /** An independent copy (tranches, quantities, realised P&L, highest price); exits are not copied. */
  clone(): Position {
    const copy = new Position(this.tradeId, this.symbol, this.openedAt, this.highestPrice);
    for (let i = this.head; i < this.tranches.length; i++) copy.tranches.push({ ...this.tranches[i]! });
    copy.qtyUnits = this.qtyUnits;
    copy.qty = this.qty;
    copy.average = this.average;
    copy.realizedPnl = this.realizedPnl;
    return copy;
  }

  view(): PositionView {
    this.cachedView ??= Object.freeze({
      symbol: this.symbol,
      quantity: this.qty,
      averageEntry: this.average,
      openedAt: this.openedAt,
      tranches: this.trancheCount,
      highestPrice: this.highestPrice,
    });
    return this.cachedView;
  }

  private recomputeAverage(): void {
    let cost = 0;
    let qty = 0;
    for (let i = this.head; i < this.tranches.length; i++) {
      const tranche = this.tranches[i]!;
      const q = fromUnits(tranche.qtyUnits);
      cost += q * tranche.price;
      qty += q;
    }
    this.average = qty > 0 ? cost / qty : 0;
  }
}
