import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../core/market/candle.js';
import { parseRiskConfig, type Regime, type RiskConfig, type RiskConfigInput } from '../../../core/risk/config.js';
import { RegimeDetector, type MeasureKind, type RegimeChange, type RegimeSnapshot } from '../../../core/risk/regime.js';
import { windowLabel } from '../../../core/risk/support/format.js';
import { MIN } from './helpers.js';
import { walk, windowStart } from './walks.js';

/**
 * The regime detector's windows, bounds and quiet band against a brute-force reading of the rules
 * (every measure recomputed from its whole window on every bar): every change and, on sampled bars or on
 * every bar, the whole snapshot (measures, reason, since) must be the same.
 */

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
class BruteRegime {
  regime: Regime = 'NORMAL';
  since: number | null = null;
  reason = 'no benchmark data yet';
  private lastTime = Number.NaN;
  private lastClose = Number.NaN;
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
    if (time <= this.lastTime) return null;
    this.lastTime = time;
    const close = candles[index]!.close;
    this.lastClose = close;
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
      time: Number.isNaN(this.lastTime) ? null : this.lastTime,
      close: Number.isNaN(this.lastClose) ? null : this.lastClose,
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

const CONFIGS: Record<string, NonNullable<RiskConfigInput['regime']>> = {
  // The spec's windows, shortened so that brute force stays quick; bleeds over hours.
  'spec thresholds': { bleed: [{ minutes: 180, pct: 3 }, { minutes: 360, pct: 5 }] },
  'no band, no dwell, tight thresholds': {
    releaseRatio: 1,
    minDwellMinutes: 0,
    panic: [{ minutes: 15, pct: 1.5 }, { minutes: 240, pct: 6 }],
    caution: [{ minutes: 30, pct: 0.8 }],
    bleed: [{ minutes: 120, pct: 1 }],
    euphoria: [{ minutes: 30, pct: 1.2 }, { minutes: 300, pct: 3 }],
  },
  'wide band, long dwell': { releaseRatio: 0.5, minDwellMinutes: 90, panic: [{ minutes: 45, pct: 2.5 }], caution: [{ minutes: 20, pct: 1 }, { minutes: 90, pct: 2 }], bleed: [{ minutes: 200, pct: 2 }], euphoria: [{ minutes: 60, pct: 2 }] },
};

describe('market regime against brute force', () => {
  for (const [name, regime] of Object.entries(CONFIGS)) {
    it(`changes and snapshots as the rules say (${name}), read now and then or on every bar`, () => {
      const config = parseRiskConfig({ regime }).regime;
      for (const [seed, every] of [[11, 89], [12, 1]] as const) {
        const candles = walk(every === 1 ? 2_500 : 6_000, seed);
        const detector = new RegimeDetector(config);
        const brute = new BruteRegime(config);
        const changes: (RegimeChange | null)[] = [];
        // Differences as text, checked once at the end (an expect per bar would cost more than the brute force).
        const differences: string[] = [];
        const differ = (what: string, got: unknown, expected: unknown) => {
          if (JSON.stringify(got) !== JSON.stringify(expected)) differences.push(`${what}: got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
        };
        for (let i = 0; i < candles.length; i++) {
          const change = detector.update(candles[i]!);
          differ(`bar ${i} change`, change, brute.update(candles, i));
          changes.push(change);
          if (i % every === 0) differ(`bar ${i} snapshot`, detector.snapshot(), brute.snapshot());
        }
        expect(differences.slice(0, 5)).toEqual([]);
        // The walk goes through every regime, and back, many times.
        const to = new Set(changes.filter((c) => c !== null).map((c) => c.to));
        expect([...to].sort()).toEqual(every === 1 ? expect.arrayContaining(['CAUTION', 'NORMAL']) : ['CAUTION', 'EUPHORIA', 'NORMAL', 'PANIC']);
      }
    });
  }
});
