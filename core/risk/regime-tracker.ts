import type { Regime } from './config.js';
import { windowLabel } from './support/format.js';
import type { PriceWindows } from './support/price-windows.js';

/** The market regime's measures (see RegimeDetector in regime.ts). */
export type MeasureKind = 'panic' | 'caution' | 'bleed' | 'euphoria';

export const SEVERITY: Record<Regime, number> = { NORMAL: 0, EUPHORIA: 1, CAUTION: 2, PANIC: 3 };

/**
 * One measure of the regime over its window. On every candle the window gives a bound of its reference
 * price (`reference`: at least the window's high or oldest close for a drop, at most its low for a
 * rise), and a close clear of the threshold even measured against that bound (by a margin far above
 * float noise) cannot trigger; only a close nearer than that needs the exact measure (`exact`, computed
 * from the window on first read after a candle), which is tidied only when shown (`value`).
 */
export class Tracker {
  /** The exact measure before tidy(), valid while `exactAt` is the windows' count. */
  raw = Number.NaN;
  exactAt = -1;
  /** The bound of the reference price on the last candle (see above). */
  reference = Number.NaN;
  /**
   * `clear(false)` as a limit on a positive close, signed: the close × `sign` above it is clear (a drop's
   * close above its limit, a rise's below). Set with `reference`. One comparison for both kinds: a
   * comparison a compiled loop has not seen yet (the rise's, reached late) would deoptimise it.
   */
  enterLimit = Number.NaN;
  /** −1 for a rise (euphoria), 1 for a drop: see `enterLimit`. */
  readonly sign: number;
  /** The regime it causes, as a severity (3 PANIC, 2 CAUTION, 1 EUPHORIA) and by name. */
  readonly severity: number;
  readonly regime: Regime;
  /** A rise from the window's low (euphoria), not a drop. */
  readonly rising: boolean;
  /** Where the reference bound comes from: 1 the window's high so far, -1 its low so far, 0 its oldest close. */
  readonly side: number;
  /** The threshold while its regime holds (× releaseRatio). */
  readonly releasePct: number;
  /** A close beyond reference × factor is clear of the entry (holding) threshold; see `clear`. */
  readonly enterFactor: number;
  readonly holdFactor: number;
  /** A close beyond a bound on the other side × factor certainly reaches the entry (holding) threshold; see `surely`. */
  readonly enterSureFactor: number;
  readonly holdSureFactor: number;

  constructor(
    readonly kind: MeasureKind,
    readonly minutes: number,
    readonly thresholdPct: number,
    readonly strict: boolean,
    /** The detector's windows over the benchmark's closes, and the index of this measure's window there. */
    readonly windows: PriceWindows,
    readonly window: number,
    releaseRatio: number,
  ) {
    this.regime = regimeOf(kind);
    this.severity = SEVERITY[this.regime];
    this.rising = kind === 'euphoria';
    this.sign = this.rising ? -1 : 1;
    this.side = kind === 'euphoria' ? -1 : kind === 'bleed' ? 0 : 1;
    this.releasePct = thresholdPct * releaseRatio;
    const factor = (pct: number) => (this.rising ? 1 + (pct - CLEAR_MARGIN) / 100 : 1 - (pct - CLEAR_MARGIN) / 100);
    this.enterFactor = factor(thresholdPct);
    this.holdFactor = factor(this.releasePct);
    const sure = (pct: number) => (this.rising ? 1 + (pct + CLEAR_MARGIN) / 100 : 1 - (pct + CLEAR_MARGIN) / 100);
    this.enterSureFactor = sure(thresholdPct);
    this.holdSureFactor = sure(this.releasePct);
  }

  /**
   * True when the last (positive) close certainly measures below the entry (`holding`: holding)
   * threshold: a drop from a reference of at most `reference` (or a rise from at least it) stays
   * CLEAR_MARGIN points under it. NaN anywhere answers false, and the exact measure decides. Reads its
   * numbers from fields: numbers passed to a call that is not inlined are boxed (every bar).
   */
  clear(holding: boolean): boolean {
    const close = this.windows.latest;
    if (!(close > 0)) return false;
    const limit = this.reference * (holding ? this.holdFactor : this.enterFactor);
    return this.rising ? close < limit : this.reference > 0 && close > limit;
  }

  /**
   * True when the last (positive) close certainly reaches the entry (`holding`: holding) threshold, by
   * CLEAR_MARGIN points, measured against a bound of the reference on the other side: at most the
   * window's oldest close (its lowest bound) or highest close (its highest from inside, PriceWindows.inner)
   * for a drop, at least its lowest close for a rise. The caller then needs no exact measure.
   */
  surely(holding: boolean): boolean {
    const windows = this.windows;
    const close = windows.latest;
    if (!(close > 0)) return false;
    let inner: number;
    if (this.side === 0) inner = windows.oldestLows[this.window]!;
    else {
      windows.inner(this.window);
      inner = windows.innerValues[this.window]!;
    }
    if (!(inner > 0)) return false;
    const limit = inner * (holding ? this.holdSureFactor : this.enterSureFactor);
    return this.rising ? close > limit : close < limit;
  }

  /** Makes `raw` the measure on the last candle, from the window's exact extreme when the bound was all there was. */
  measure(): void {
    const windows = this.windows;
    if (this.exactAt === windows.count) return;
    windows.measure(this.window);
    const reference = windows.exactValues[this.window]!;
    const close = windows.latest;
    // Drops from the window's highest close, the net fall since its oldest close, or the rise from its lowest.
    this.raw = (this.rising ? close / reference - 1 : 1 - close / reference) * 100;
    this.exactAt = windows.count;
  }

  /**
   * Whether the measure reaches the entry threshold (`holding`: the holding one): entry uses the spec's
   * comparison (> 5 % for PANIC/EUPHORIA, ≥ 3 % for CAUTION; `strict`), holding is inclusive unless
   * the band is no band (releaseRatio 1).
   */
  triggers(holding: boolean, strictHold: boolean): boolean {
    return !this.clear(holding) && this.reaches(holding, strictHold);
  }

  /** `triggers` for a tracker known not to be `clear(holding)` (the caller compared the close with its limit). */
  reaches(holding: boolean, strictHold: boolean): boolean {
    if (this.exactAt !== this.windows.count && this.surely(holding)) return true;
    this.measure();
    const raw = this.raw;
    if (!Number.isFinite(raw)) return false;
    const threshold = holding ? this.releasePct : this.thresholdPct;
    // Clearly below or above: decided without tidying.
    if (raw < threshold - TIDY_MARGIN) return false;
    if (raw > threshold + TIDY_MARGIN) return true;
    const value = tidy(raw);
    return (holding ? strictHold && this.strict : this.strict) ? value > threshold : value >= threshold;
  }

  get value(): number {
    this.measure();
    return tidy(this.raw);
  }
}

/** Farther than this from a threshold, the untidied measure compares with it as the tidied one does (tidy moves it by ≤ 5e-10). */
const TIDY_MARGIN = 1e-7;
/** Percentage points by which a bound must clear a threshold to decide alone: far above TIDY_MARGIN and float noise (~1e-13). */
const CLEAR_MARGIN = 1e-5;

function regimeOf(kind: MeasureKind): Regime {
  if (kind === 'panic') return 'PANIC';
  if (kind === 'euphoria') return 'EUPHORIA';
  return 'CAUTION';
}

/** The reason a regime holds, in words, from a tracker's measure (`scale`: the hysteresis band's, 1 on entry). */
export function describe(tracker: Tracker, scale: number, at = tracker.value): string {
  const value = at.toFixed(2);
  const threshold = +(tracker.thresholdPct * scale).toFixed(4);
  const window = windowLabel(tracker.minutes);
  const holding = scale === 1 ? '' : ' (still within the hysteresis band)';
  switch (tracker.kind) {
    case 'panic':
      return `fell ${value} % from its ${window} high; PANIC above ${threshold} %${holding}`;
    case 'caution':
      return `fell ${value} % from its ${window} high; CAUTION from ${threshold} %${holding}`;
    case 'bleed':
      return `slow bleed: down ${value} % over ${window}; CAUTION from ${threshold} %${holding}`;
    case 'euphoria':
      return `rose ${value} % from its ${window} low; EUPHORIA above ${threshold} %${holding}`;
  }
}

/** Float noise off a percentage, so a 5.00 % drop (1 − 95/100 = 0.050000000000000044) is not "above 5 %". */
export function tidy(pct: number): number {
  return Math.round(pct * 1e9) / 1e9;
}

