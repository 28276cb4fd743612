import type { Candle } from '../../../core/market/candle.js';
import type { Regime, RiskConfig } from '../../../core/risk/config.js';
import type { MeasureKind, RegimeChange, RegimeSnapshot } from '../../../core/risk/regime.js';
import { windowLabel } from '../../../core/risk/support/format.js';
import { MIN } from './helpers.js';
import { windowStart } from './walks.js';

const SEVERITY: Record<Regime, number> = { NORMAL: 0, EUPHORIA: 1, CAUTION: 2, PANIC: 3 };
const tidy = (pct: number) => Math.round(pct * 1e9) / 1e9;

interface Rule {
  readonly kind: MeasureKind;
  readonly minutes: number;
  readonly pct: number;
  readonly strict: boolean;
  readonly regime: Regime;
}

/** The rules as the spec states them, one after another: a drop from the window's highest close, the net fall since its oldest, a rise from its lowest. */
export class BruteRegime {
  regime: Regime = 'NORMAL';
  since: number | null = null;
  reason = 'no benchmark data yet';
  /** The last accepted candle's close time and close (none before the first). */
  private last: { time: number; close: number } | null = null;
  private values: number[] = [];
  private readonly rules: Rule[];

  constructor(private readonly config: RiskConfig['regime']) {
    const rule = (kind: MeasureKind, strict: boolean, regime: Regime) => (r: { minutes: number; pct: number }) => ({ kind, minutes: r.minutes, pct: r.pct, strict, regime });
    this.rules = [
      ...config.panic.map(rule('panic', true, 'PANIC')),
      ...config.caution.map(rule('caution', false, 'CAUTION')),
      ...config.bleed.map(rule('bleed', false, 'CAUTION')),
      ...config.euphoria.map(rule('euphoria', true, 'EUPHORIA')),
    ];
  }

  update(candles: readonly Candle[], index: number): RegimeChange | null {
    const time = candles[index]!.time + MIN;
    if (this.last !== null && time <= this.last.time) return null;
    const close = candles[index]!.close;
    this.last = { time, close };
    this.values = this.rules.map((rule) => {
      const inside = candles.slice(windowStart(candles, index, rule.minutes * MIN), index + 1).map((c) => c.close);
      if (rule.kind === 'euphoria') return tidy((close / Math.min(...inside) - 1) * 100);
      return tidy((1 - close / (rule.kind === 'bleed' ? inside[0]! : Math.max(...inside))) * 100);
    });
    const ratio = this.config.releaseRatio;
    const enters = (i: number) => (this.rules[i]!.strict ? this.values[i]! > this.rules[i]!.pct : this.values[i]! >= this.rules[i]!.pct);
    const holds = (i: number) => (ratio === 1 && this.rules[i]!.strict ? this.values[i]! > this.rules[i]!.pct * ratio : this.values[i]! >= this.rules[i]!.pct * ratio);
    const entered = this.rules.findIndex((_, i) => enters(i));
    const enteredLevel = entered < 0 ? 0 : SEVERITY[this.rules[entered]!.regime];
    const level = SEVERITY[this.regime];
    if (enteredLevel > level) return this.change(time, this.rules[entered]!.regime, this.describe(entered, 1));
    if (enteredLevel === level) {
      if (entered >= 0) this.reason = this.describe(entered, 1);
      return null;
    }
    const held = this.rules.findIndex((rule, i) => SEVERITY[rule.regime] === level && holds(i));
    if (held >= 0) {
      this.reason = this.describe(held, ratio);
      return null;
    }
    if (this.since !== null && time - this.since < this.config.minDwellMinutes * MIN) return null;
    return this.change(time, entered < 0 ? 'NORMAL' : this.rules[entered]!.regime, entered < 0 ? 'no drop or rise beyond the thresholds' : this.describe(entered, 1));
  }

  snapshot(): RegimeSnapshot {
    return {
      regime: this.regime,
      since: this.since,
      time: this.last?.time ?? null,
      close: this.last?.close ?? null,
      measures: this.rules.map((rule, i) => ({ kind: rule.kind, minutes: rule.minutes, thresholdPct: rule.pct, valuePct: this.values[i]! })),
      reason: this.reason,
    };
  }

  private change(time: number, to: Regime, reason: string): RegimeChange {
    const from = this.regime;
    this.regime = to;
    this.since = time;
    this.reason = reason;
    return { time, from, to, reason, measures: this.snapshot().measures };
  }

  private describe(i: number, scale: number): string {
    const rule = this.rules[i]!;
    const window = windowLabel(rule.minutes);
    const tail = `${+(rule.pct * scale).toFixed(4)} %${scale === 1 ? '' : ' (still within the hysteresis band)'}`;
    const value = this.values[i]!.toFixed(2);
    if (rule.kind === 'bleed') return `slow bleed: down ${value} % over ${window}; CAUTION from ${tail}`;
    if (rule.kind === 'euphoria') return `rose ${value} % from its ${window} low; EUPHORIA above ${tail}`;
    return `fell ${value} % from its ${window} high; ${rule.kind === 'panic' ? 'PANIC above' : 'CAUTION from'} ${tail}`;
  }
}
