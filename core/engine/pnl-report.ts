import { fromUnits, toUnits } from '../exchange/paper-decimal.js';
import type { MarketSymbol } from '../market/candle.js';
import { PnlLedger, type OpenLot, type PnlFill, type RealizedPiece } from './pnl-ledger.js';
import { RealizedTally } from './pnl-realized.js';

const DAY_MS = 86_400_000;

/**
 * P&L of one slice (a period, a source, a symbol). Realized counts exits in the slice; unrealized
 * counts open tranches bought in it, at the current mark. `net = realizedGross + unrealized − fees`.
 * The return is weighted by size: net over the cost basis of everything counted, never an average
 * of per-trade percentages.
 */
export interface PnlFigures {
  readonly realizedGross: number;
  /** Fees of the realized trades: their entries' fees plus the exits' fees. */
  readonly realizedFees: number;
  readonly realizedNet: number;
  readonly unrealized: number;
  /** Entry fees already paid on what is still held. */
  readonly openFees: number;
  readonly fees: number;
  readonly net: number;
  readonly costBasis: number;
  /** Percent; null when nothing was traded in the slice. */
  readonly returnPct: number | null;
  /** Exit fills (partial exits count one each). */
  readonly exits: number;
}

export interface PnlPeriods {
  readonly today: PnlFigures;
  readonly week: PnlFigures;
  readonly all: PnlFigures;
}

export interface EquityCurve {
  readonly time: number[];
  readonly value: number[];
  /** Fraction below the running peak (0.05 = 5 %). */
  readonly drawdown: number[];
}

export interface PnlReport {
  readonly asOf: number;
  /** Start of today (UTC) and of the 7 UTC days ending today. */
  readonly periodStarts: { readonly today: number; readonly week: number };
  readonly startingBalance: number;
  readonly periods: PnlPeriods;
  readonly bySource: { readonly source: string; readonly periods: PnlPeriods }[];
  readonly bySymbol: { readonly symbol: MarketSymbol; readonly periods: PnlPeriods }[];
  /** Starting balance + realized net P&L after each exit; the last point adds today's open P&L. */
  readonly equity: EquityCurve;
  /** Symbols held without a price yet: their open P&L is left out until one arrives. */
  readonly unpriced: MarketSymbol[];
}

export interface PnlReportInput {
  /** The account's fills; each symbol's in the order they happened (symbols are independent). */
  readonly fills: readonly PnlFill[];
  readonly mark: (symbol: MarketSymbol) => number | null;
  /** The market's clock (fills are stamped with it). */
  readonly now: number;
  readonly startingBalance: number;
}

/** Sums in ledger units, so totals over many trades don't drift; the realized part is the running figures' own. */
class Tally {
  private readonly realized = new RealizedTally();
  private unrealized = 0n;
  private openFees = 0n;
  private openCost = 0n;

  addRealized(piece: RealizedPiece): void {
    this.realized.add(piece);
  }

  addOpen(lot: OpenLot, mark: number | null): void {
    this.openFees += toUnits(lot.fee);
    if (mark === null) return;
    this.unrealized += toUnits((mark - lot.entryPrice) * lot.quantity);
    this.openCost += toUnits(lot.entryPrice * lot.quantity);
  }

  figures(): PnlFigures {
    const { realized } = this;
    const fees = realized.fees + this.openFees;
    const net = realized.gross + this.unrealized - fees;
    const cost = fromUnits(realized.cost + this.openCost);
    return {
      realizedGross: fromUnits(realized.gross),
      realizedFees: fromUnits(realized.fees),
      realizedNet: realized.net,
      unrealized: fromUnits(this.unrealized),
      openFees: fromUnits(this.openFees),
      fees: fromUnits(fees),
      net: fromUnits(net),
      costBasis: cost,
      returnPct: cost > 0 ? (fromUnits(net) / cost) * 100 : null,
      exits: realized.exits,
    };
  }
}

/** One tally per period; an item falls in every period that started at or before its time. */
class PeriodTally {
  private readonly tallies = { today: new Tally(), week: new Tally(), all: new Tally() };

  constructor(private readonly starts: { today: number; week: number }) {}

  add(time: number, apply: (tally: Tally) => void): void {
    apply(this.tallies.all);
    if (time >= this.starts.week) apply(this.tallies.week);
    if (time >= this.starts.today) apply(this.tallies.today);
  }

  periods(): PnlPeriods {
    return { today: this.tallies.today.figures(), week: this.tallies.week.figures(), all: this.tallies.all.figures() };
  }
}

/** Realized and unrealized P&L by period, source and symbol, and the account's equity curve. */
export function pnlReport(input: PnlReportInput): PnlReport {
  const ledger = new PnlLedger();
  for (const fill of input.fills) ledger.apply(fill);
  const asOf = input.fills.reduce((latest, fill) => Math.max(latest, fill.time), input.now);
  const today = Math.floor(asOf / DAY_MS) * DAY_MS;
  const starts = { today, week: today - 6 * DAY_MS };

  const total = new PeriodTally(starts);
  const bySource = new Map<string, PeriodTally>();
  const bySymbol = new Map<MarketSymbol, PeriodTally>();
  const slices = (source: string, symbol: MarketSymbol): PeriodTally[] => [total, slice(bySource, source, starts), slice(bySymbol, symbol, starts)];

  for (const piece of ledger.realized) {
    for (const tally of slices(piece.source, piece.symbol)) tally.add(piece.time, (t) => t.addRealized(piece));
  }
  const unpriced = new Set<MarketSymbol>();
  let openNet = 0n;
  for (const lot of ledger.openLots()) {
    const mark = input.mark(lot.symbol);
    if (mark === null) unpriced.add(lot.symbol);
    else openNet += toUnits((mark - lot.entryPrice) * lot.quantity);
    openNet -= toUnits(lot.fee);
    for (const tally of slices(lot.source, lot.symbol)) tally.add(lot.time, (t) => t.addOpen(lot, mark));
  }

  return {
    asOf,
    periodStarts: starts,
    startingBalance: input.startingBalance,
    periods: total.periods(),
    bySource: [...bySource].sort(([a], [b]) => a.localeCompare(b)).map(([source, tally]) => ({ source, periods: tally.periods() })),
    bySymbol: [...bySymbol].sort(([a], [b]) => a.localeCompare(b)).map(([symbol, tally]) => ({ symbol, periods: tally.periods() })),
    equity: input.fills.length === 0 ? { time: [asOf], value: [input.startingBalance], drawdown: [0] } : equityCurve(input.startingBalance, input.fills.reduce((first, fill) => Math.min(first, fill.time), Number.POSITIVE_INFINITY), ledger.realized, asOf, fromUnits(openNet)),
    unpriced: [...unpriced].sort(),
  };
}

function slice<K>(map: Map<K, PeriodTally>, key: K, starts: { today: number; week: number }): PeriodTally {
  let tally = map.get(key);
  if (!tally) {
    tally = new PeriodTally(starts);
    map.set(key, tally);
  }
  return tally;
}

/**
 * Cash-basis equity: the starting balance at the first fill, plus realized net P&L at each exit, then
 * a last point now that adds the open positions' P&L net of their entry fees. Times never decrease.
 */
function equityCurve(start: number, firstTime: number, realized: readonly RealizedPiece[], now: number, openNet: number): EquityCurve {
  const time: number[] = [firstTime];
  const units: bigint[] = [toUnits(start)];
  let running = toUnits(start);
  // Exits at one time make one point; the starting point stays even when the first exit shares its time.
  const push = (at: number, value: bigint) => {
    if (time.length > 1 && time.at(-1) === at) units[units.length - 1] = value;
    else {
      time.push(at);
      units.push(value);
    }
  };
  // Stable: exits at one time keep their fill order.
  for (const piece of [...realized].sort((a, b) => a.time - b.time)) {
    running += toUnits(piece.net);
    push(piece.time, running);
  }
  push(now, running + toUnits(openNet));
  const value = units.map(fromUnits);
  let peak = Number.NEGATIVE_INFINITY;
  const drawdown = value.map((v) => {
    peak = Math.max(peak, v);
    return peak > 0 ? (peak - v) / peak : 0;
  });
  return { time, value, drawdown };
}
