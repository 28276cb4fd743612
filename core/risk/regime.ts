import type { Candle } from '../market/candle.js';
import type { Regime, RiskConfig } from './config.js';
import { windowLabel } from './support/format.js';
import { PriceWindows } from './support/price-windows.js';

/**
 * The market regime from the benchmark symbol's 1m closes, streaming and O(1) amortised per candle.
 *
 * Measures (all on closes, so a single wick does not flip the market):
 *  - panic / caution windows: drop from the window's highest close to the current close;
 *  - bleed windows: net fall, current close vs the close `minutes` ago (a trend, not a spike);
 *  - euphoria windows: rise from the window's lowest close.
 * PANIC: any panic drop > its threshold. CAUTION: any caution drop ≥ its threshold or any bleed ≥ its
 * threshold. EUPHORIA: any rise > its threshold. Otherwise NORMAL. Severity PANIC > CAUTION > EUPHORIA > NORMAL.
 *
 * Hysteresis: a more severe regime is entered at once; a calmer one only when the current regime's
 * condition no longer holds even at `releaseRatio` × its thresholds AND `minDwellMinutes` have passed.
 * Stepping down lands on the most severe calmer regime whose entry condition holds (NORMAL if none).
 */

export type MeasureKind = 'panic' | 'caution' | 'bleed' | 'euphoria';

export interface RegimeMeasure {
  readonly kind: MeasureKind;
  readonly minutes: number;
  readonly thresholdPct: number;
  /** Drop % (panic, caution, bleed) or rise % (euphoria); may be negative for bleed (the price rose). */
  readonly valuePct: number;
}

export interface RegimeSnapshot {
  readonly regime: Regime;
  /** When the current regime began (close time of the candle that caused it); null before the first change. */
  readonly since: number | null;
  /** Close time of the last candle seen. */
  readonly time: number | null;
  readonly close: number | null;
  readonly measures: readonly RegimeMeasure[];
  /** Why the current regime holds, in words. */
  readonly reason: string;
}

export interface RegimeChange {
  readonly time: number;
  readonly from: Regime;
  readonly to: Regime;
  readonly reason: string;
  readonly measures: readonly RegimeMeasure[];
}

const SEVERITY: Record<Regime, number> = { NORMAL: 0, EUPHORIA: 1, CAUTION: 2, PANIC: 3 };
const MINUTE_MS = 60_000;

/**
 * One measure of the regime over its window. On every candle the window gives a bound of its reference
 * price (`reference`: at least the window's high or oldest close for a drop, at most its low for a
 * rise), and a close clear of the threshold even measured against that bound (by a margin far above
 * float noise) cannot trigger; only a close nearer than that needs the exact measure (`exact`, computed
 * from the window on first read after a candle), which is tidied only when shown (`value`).
 */
class Tracker {
  /** The exact measure before tidy(), valid while `exactAt` is the windows' count. */
  raw = Number.NaN;
  exactAt = -1;
  /** The bound of the reference price on the last candle (see above). */
  reference = Number.NaN;
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
    this.side = kind === 'euphoria' ? -1 : kind === 'bleed' ? 0 : 1;
    this.releasePct = thresholdPct * releaseRatio;
    const factor = (pct: number) => (this.rising ? 1 + (pct - CLEAR_MARGIN) / 100 : 1 - (pct - CLEAR_MARGIN) / 100);
    this.enterFactor = factor(thresholdPct);
    this.holdFactor = factor(this.releasePct);
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
    if (this.clear(holding)) return false;
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

export class RegimeDetector {
  private readonly trackers: Tracker[];
  private state: Regime = 'NORMAL';
  /** SEVERITY of `state` (a number compared on every bar). */
  private level = 0;
  /** Holding a regime compares strictly only when the band is no band (releaseRatio 1), as entering does. */
  private readonly strictHold: boolean;
  private since: number | null = null;
  /** NaN before the first candle (number-only fields: a candle allocates nothing). */
  private lastTime = Number.NaN;
  private lastClose = Number.NaN;
  /**
   * Why the regime holds: the text, or (when null) the tracker, value and scale it is written from on
   * first read — describing it on every bar would cost more than the rest of the update.
   */
  private reasonText: string | null = 'no benchmark data yet';
  private reasonTracker: Tracker | null = null;
  private reasonValue = Number.NaN;
  private reasonScale = 1;
  private readonly listeners = new Set<(change: RegimeChange) => void>();

  /** Every window over the benchmark's closes, on one ring (PANIC and CAUTION over 60 minutes read the same high). */
  private readonly windows = new PriceWindows('close');
  /**
   * Length of one input bar. A field with a number from the start (not a constructor parameter
   * property, which is declared undefined first): a field that once held undefined is read as "any
   * value", and adding it to a time boxes the sum on every bar.
   */
  private readonly barMs: number = MINUTE_MS;

  constructor(
    private readonly config: RiskConfig['regime'],
    /** Length of one input bar; the decision time is the bar's close. */
    barMs: number = MINUTE_MS,
  ) {
    this.barMs = barMs;
    const windows = this.windows;
    const tracker = (kind: MeasureKind, minutes: number, thresholdPct: number, strict: boolean) =>
      new Tracker(kind, minutes, thresholdPct, strict, windows, windows.window(minutes * MINUTE_MS, kind === 'euphoria' ? 'min' : kind === 'bleed' ? 'oldest' : 'max'), config.releaseRatio);
    // In severity order (PANIC, CAUTION, EUPHORIA), each kind in configuration order: update relies on it.
    this.trackers = [
      ...config.panic.map((rule) => tracker('panic', rule.minutes, rule.pct, true)),
      ...config.caution.map((rule) => tracker('caution', rule.minutes, rule.pct, false)),
      ...config.bleed.map((rule) => tracker('bleed', rule.minutes, rule.pct, false)),
      ...config.euphoria.map((rule) => tracker('euphoria', rule.minutes, rule.pct, true)),
    ];
    this.strictHold = config.releaseRatio === 1;
  }

  private get reason(): string {
    this.reasonText ??= describe(this.reasonTracker!, this.reasonScale, this.reasonValue);
    return this.reasonText;
  }

  private set reason(text: string) {
    this.reasonText = text;
    this.reasonTracker = null;
  }

  private setReasonFrom(tracker: Tracker, scale: number): void {
    this.reasonText = null;
    this.reasonTracker = tracker;
    this.reasonValue = tracker.value;
    this.reasonScale = scale;
  }

  get regime(): Regime {
    return this.state;
  }

  onChange(listener: (change: RegimeChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Feeds one closed benchmark candle; returns the regime change it caused, if any. */
  update(candle: Candle): RegimeChange | null {
    const time = candle.time + this.barMs;
    if (time <= this.lastTime) return null; // a replayed or stale bar changes nothing (false while lastTime is NaN)
    this.lastTime = time;
    const close = candle.close;
    this.lastClose = close;
    const windows = this.windows;
    windows.push(candle);
    const bounds = windows.blockBounds;
    const high = windows.currentMax;
    const low = windows.currentMin;
    // Trackers are in severity order (PANIC's, CAUTION's, EUPHORIA's): the first that triggers is the
    // most severe regime's first, which is what a search by severity would answer.
    const trackers = this.trackers;
    let entered: Tracker | null = null;
    for (let i = 0; i < trackers.length; i++) {
      const tracker = trackers[i]!;
      const bound = bounds[tracker.window]!;
      const side = tracker.side;
      tracker.reference = side > 0 ? (bound > high ? bound : high) : side < 0 ? (bound < low ? bound : low) : bound;
      if (entered === null && tracker.triggers(false, false)) entered = tracker;
    }
    const enteredLevel = entered === null ? 0 : entered.severity;
    const level = this.level;
    if (enteredLevel >= level) {
      if (enteredLevel === level) {
        if (entered !== null) this.setReasonFrom(entered, 1);
        return null;
      }
      return this.change(time, entered!.regime, describe(entered!, 1));
    }
    const held = this.holdingTracker(level);
    if (held !== null) {
      this.setReasonFrom(held, this.config.releaseRatio);
      return null;
    }
    if (this.since !== null && time - this.since < this.config.minDwellMinutes * MINUTE_MS) return null;
    // Calmer than the current regime: no tracker of it or above triggers, so `entered` is the most severe calmer one.
    return this.change(time, entered === null ? 'NORMAL' : entered.regime, entered === null ? null : describe(entered, 1));
  }

  snapshot(): RegimeSnapshot {
    return {
      regime: this.state,
      since: this.since,
      time: Number.isNaN(this.lastTime) ? null : this.lastTime,
      close: Number.isNaN(this.lastClose) ? null : this.lastClose,
      measures: this.trackers.map(({ kind, minutes, thresholdPct, value }) => ({ kind, minutes, thresholdPct, valuePct: value })),
      reason: this.reason,
    };
  }

  private change(time: number, to: Regime, reason: string | null): RegimeChange {
    const from = this.state;
    this.state = to;
    this.level = SEVERITY[to];
    this.since = time;
    this.reason = reason ?? 'no drop or rise beyond the thresholds';
    const change: RegimeChange = { time, from, to, reason: this.reason, measures: this.snapshot().measures };
    for (const listener of this.listeners) listener(change);
    return change;
  }

  /** The first tracker of the regime of severity `level` that still holds it within the hysteresis band. */
  private holdingTracker(level: number): Tracker | null {
    const trackers = this.trackers;
    for (let i = 0; i < trackers.length; i++) {
      const tracker = trackers[i]!;
      if (tracker.severity === level && tracker.triggers(true, this.strictHold)) return tracker;
    }
    return null;
  }
}

function regimeOf(kind: MeasureKind): Regime {
  if (kind === 'panic') return 'PANIC';
  if (kind === 'euphoria') return 'EUPHORIA';
  return 'CAUTION';
}


function describe(tracker: Tracker, scale: number, at = tracker.value): string {
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
function tidy(pct: number): number {
  return Math.round(pct * 1e9) / 1e9;
}

