import { fromUnits, toUnits } from '../exchange/paper-decimal.js';
import { PnlLedger, type PnlFill, type RealizedPiece } from './pnl-ledger.js';

/**
 * The realized part of a P&L slice, summed in ledger units so the total is the same whatever order the
 * exits are added in and never drifts over many trades. The P&L report's tallies and the running
 * figures below both sum with it: one arithmetic for the P&L tab and the Strategies rows.
 */
export class RealizedTally {
  private grossUnits = 0n;
  private feeUnits = 0n;
  private costUnits = 0n;
  private exitCount = 0;

  add(piece: RealizedPiece): void {
    this.grossUnits += toUnits(piece.gross);
    this.feeUnits += toUnits(piece.fees);
    this.costUnits += toUnits(piece.cost);
    this.exitCount++;
  }

  get gross(): bigint {
    return this.grossUnits;
  }

  /** Entry fees of the sold tranches plus the exits' fees. */
  get fees(): bigint {
    return this.feeUnits;
  }

  get cost(): bigint {
    return this.costUnits;
  }

  get exits(): number {
    return this.exitCount;
  }

  /** Realized P&L after fees, in ledger units. */
  get netUnits(): bigint {
    return this.grossUnits - this.feeUnits;
  }

  /** Realized P&L after fees: the P&L tab's `realizedNet`. */
  get net(): number {
    return fromUnits(this.netUnits);
  }
}

/**
 * Each source's realized P&L after fees over an account's fills, kept up to date one fill at a time:
 * the same ledger and the same tally as `pnlReport`, so after the same fills `net(source)` is exactly the
 * report's `bySource[source].periods.all.realizedNet`. A buy costs one tranche; a sell, the tranches it
 * consumes — never a replay of the history.
 */
export class RealizedBySource {
  private readonly ledger = new PnlLedger();
  private readonly tallies = new Map<string, RealizedTally>();
  /** Pieces of `ledger.realized` already added to the tallies. */
  private counted = 0;

  /** Applies one fill (each symbol's fills in the order they happened); returns the sources whose figure moved. */
  apply(fill: PnlFill): string[] {
    this.ledger.apply(fill);
    const pieces = this.ledger.realized;
    if (this.counted === pieces.length) return [];
    const moved: string[] = [];
    for (; this.counted < pieces.length; this.counted++) {
      const piece = pieces[this.counted]!;
      const tally = this.tallyOf(piece.source);
      const before = tally.netUnits;
      tally.add(piece);
      if (tally.netUnits !== before && !moved.includes(piece.source)) moved.push(piece.source);
    }
    return moved;
  }

  /** The source's realized P&L after fees (0 for a source that never closed anything). */
  net(source: string): number {
    return this.tallies.get(source)?.net ?? 0;
  }

  /** Every source that closed something, with its figure. */
  bySource(): Map<string, number> {
    return new Map([...this.tallies].map(([source, tally]) => [source, tally.net]));
  }

  private tallyOf(source: string): RealizedTally {
    let tally = this.tallies.get(source);
    if (!tally) {
      tally = new RealizedTally();
      this.tallies.set(source, tally);
    }
    return tally;
  }
}
