import type { Candle } from '../market/candle.js';
import type { Regime, RiskConfig } from './config.js';
import { describe, SEVERITY, tidy, Tracker, type MeasureKind } from './regime-tracker.js';
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

export type { MeasureKind } from './regime-tracker.js';

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

const MINUTE_MS = 60_000;

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
   * Why the regime holds: the text, or (when null) the tracker, measure and scale it is written from on
   * first read — describing it on every bar would cost more than the rest of the update.
   */
  private reasonText: string | null = 'no benchmark data yet';
  private reasonTracker: Tracker | null = null;
  /** The untidied measure (tidied when the reason is read), or −1 as `reasonAt`: not measured yet, on the windows' count `reasonAt`. */
  private reasonRaw = Number.NaN;
  private reasonAt = -1;
  private reasonScale = 1;
  private readonly listeners = new Set<(change: RegimeChange) => void>();
  /**
   * The quiet band: while the trackers' references stand, a close above both floors and below `ceil` is
   * clear of every entry threshold — the conjunction of every tracker's `clear(false)` — so most bars
   * skip the trackers. The max/min windows' references stand while the windows' `extremesVersion` is
   * `extremesAt` and no close went above `maxCap` or below `minCap`; the bleed (oldest close) windows'
   * while `oldestVersion` is `oldestAt`. −1: recompute on the next bar.
   */
  private extremesAt = -1;
  private oldestAt = -1;
  private floor = Number.POSITIVE_INFINITY;
  private oldestFloor = Number.POSITIVE_INFINITY;
  private ceil = Number.NEGATIVE_INFINITY;
  private maxCap = Number.NEGATIVE_INFINITY;
  private minCap = Number.POSITIVE_INFINITY;

  /** Every window over the benchmark's closes, on one ring (PANIC and CAUTION over 60 minutes read the same high). */
  private readonly windows = new PriceWindows('close');
  /**
   * Length of one input bar. A field with a number from the start (not a constructor parameter
   * property, which is declared undefined first): a field that once held undefined is read as "any
   * value", and adding it to a time boxes the sum on every bar.
   */
  private readonly barMs: number = MINUTE_MS;
  /** `minDwellMinutes` in ms (a number field: see barMs). */
  private readonly dwellMs: number = 0;

  constructor(
    private readonly config: RiskConfig['regime'],
    /** Length of one input bar; the decision time is the bar's close. */
    barMs: number = MINUTE_MS,
  ) {
    this.barMs = barMs;
    this.dwellMs = config.minDwellMinutes * MINUTE_MS;
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
    if (this.reasonText === null) {
      const tracker = this.reasonTracker!;
      if (this.reasonAt >= 0) {
        // Not measured on its candle, and no candle since (see setReasonFrom): measured now, as it was then.
        if (this.reasonAt !== this.windows.count) throw new Error('RegimeDetector: a reason outlived its candle unmeasured');
        tracker.measure();
        this.reasonRaw = tracker.raw;
        this.reasonAt = -1;
      }
      this.reasonText = describe(tracker, this.reasonScale, tidy(this.reasonRaw));
    }
    return this.reasonText;
  }

  private set reason(text: string) {
    this.reasonText = text;
    this.reasonTracker = null;
  }

  /**
   * The regime holds because of `tracker` (its measure, in words scaled by `releaseRatio` when `holding`), on the candle just
   * fed. The measure is left to the first read when the tracker has not measured this candle: every
   * later candle writes a reason of its own — unless the minimum dwell keeps the regime without one,
   * which only a candle less than the dwell after `since` can; then it is measured at once.
   */
  private setReasonFrom(tracker: Tracker, holding: boolean): void {
    this.reasonText = null;
    this.reasonTracker = tracker;
    // Worked out here from a flag and `lastTime` read: numbers passed to a call that is not inlined are boxed.
    this.reasonScale = holding ? this.config.releaseRatio : 1;
    const count = this.windows.count;
    if (tracker.exactAt !== count && !(this.since !== null && this.lastTime - this.since < this.dwellMs)) {
      this.reasonAt = count;
      return;
    }
    tracker.measure();
    this.reasonRaw = tracker.raw;
    this.reasonAt = -1;
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
    if (windows.extremesVersion !== this.extremesAt || windows.currentMax > this.maxCap || windows.currentMin < this.minCap) this.refreshExtremes();
    if (windows.oldestVersion !== this.oldestAt) this.refreshOldest();
    // Inside the quiet band no tracker can trigger; outside it, the first that does (see firstEntered).
    const entered = close > this.floor && close > this.oldestFloor && close < this.ceil ? null : this.firstEntered();
    // NORMAL with nothing entered stays NORMAL (below, with a level of 0): the rest is a method of its
    // own, so this per-bar body stays short (V8 optimises a function after a budget of bytecode run that
    // grows with its length; a short one is compiled after a few thousand bars and inlined).
    if (entered === null && this.level === 0) return null;
    return this.decide(entered);
  }

  /**
   * The regime after the candle just fed (closing at `lastTime`, read here: a number passed to a call
   * that is not inlined is boxed), on which `entered` (or none) is the first tracker reaching its entry threshold.
   */
  private decide(entered: Tracker | null): RegimeChange | null {
    const time = this.lastTime;
    const enteredLevel = entered === null ? 0 : entered.severity;
    const level = this.level;
    if (enteredLevel >= level) {
      if (enteredLevel === level) {
        if (entered !== null) this.setReasonFrom(entered, false);
        return null;
      }
      return this.change(time, entered!.regime, describe(entered!, 1));
    }
    const held = this.holdingTracker(level);
    if (held !== null) {
      this.setReasonFrom(held, true);
      return null;
    }
    if (this.since !== null && time - this.since < this.dwellMs) return null;
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

  /**
   * The max/min windows' trackers' references from the windows' bounds and the highest and lowest close
   * since their refresh, and the part of the quiet band they give. A NaN leaves the band empty until
   * the next bar.
   */
  private refreshExtremes(): void {
    const windows = this.windows;
    const bounds = windows.blockBounds;
    const high = windows.currentMax;
    const low = windows.currentMin;
    const trackers = this.trackers;
    // A close must be positive to be clear (Tracker.clear), hence a floor of at least 0.
    let floor = 0;
    let ceil = Number.POSITIVE_INFINITY;
    let maxCap = Number.POSITIVE_INFINITY;
    let minCap = Number.NEGATIVE_INFINITY;
    let settled = true;
    for (let i = 0; i < trackers.length; i++) {
      const tracker = trackers[i]!;
      const side = tracker.side;
      if (side === 0) continue;
      const bound = bounds[tracker.window]!;
      // It stands while the high since the refresh stays at or under it (it is then its bound, or that high itself); a low likewise.
      const reference = side > 0 ? (bound > high ? bound : high) : bound < low ? bound : low;
      tracker.reference = reference;
      if (Number.isNaN(reference)) settled = false;
      // Tracker.clear(false) as a limit on the close: a drop is clear above it, a rise below it (signed: see Tracker.enterLimit).
      const limit = reference * tracker.enterFactor;
      tracker.enterLimit = side > 0 && !(reference > 0) ? Number.POSITIVE_INFINITY : tracker.sign * limit;
      if (side > 0) {
        if (reference < maxCap) maxCap = reference;
        if (!(reference > 0)) floor = Number.POSITIVE_INFINITY;
        else if (limit > floor) floor = limit;
      } else {
        if (reference > minCap) minCap = reference;
        if (!(limit >= ceil)) ceil = Number.isNaN(limit) ? Number.NEGATIVE_INFINITY : limit;
      }
    }
    this.floor = floor;
    this.ceil = ceil;
    this.maxCap = maxCap;
    this.minCap = minCap;
    this.extremesAt = settled ? windows.extremesVersion : -1;
  }

  /** The bleed trackers' references (a bound of their window's oldest close) and their floor of the quiet band. */
  private refreshOldest(): void {
    const windows = this.windows;
    const bounds = windows.blockBounds;
    const trackers = this.trackers;
    let floor = 0;
    for (let i = 0; i < trackers.length; i++) {
      const tracker = trackers[i]!;
      if (tracker.side !== 0) continue;
      const reference = bounds[tracker.window]!;
      tracker.reference = reference;
      const limit = reference * tracker.enterFactor;
      tracker.enterLimit = reference > 0 ? limit : Number.POSITIVE_INFINITY;
      if (!(reference > 0)) floor = Number.POSITIVE_INFINITY;
      else if (limit > floor) floor = limit;
    }
    this.oldestFloor = floor;
    this.oldestAt = windows.oldestVersion;
  }

  /**
   * The first tracker that reaches its entry threshold. Trackers are in severity order (PANIC's,
   * CAUTION's, EUPHORIA's): the first that triggers is the most severe regime's first, which is what a
   * search by severity would answer.
   */
  private firstEntered(): Tracker | null {
    const trackers = this.trackers;
    // A positive close beyond a tracker's limit is clear of it (the comparison Tracker.clear makes): no call.
    const close = this.windows.latest;
    const positive = close > 0;
    for (let i = 0; i < trackers.length; i++) {
      const tracker = trackers[i]!;
      if (positive && close * tracker.sign > tracker.enterLimit) continue;
      // Not clear(false) either, which makes the same comparison (a non-positive close is never clear).
      if (tracker.reaches(false, false)) return tracker;
    }
    return null;
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
