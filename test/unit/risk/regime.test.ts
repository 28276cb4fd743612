import { describe, expect, it } from 'vitest';
import { parseRiskConfig, type RiskConfigInput } from '../../../core/risk/config.js';
import { RegimeDetector, type RegimeChange } from '../../../core/risk/regime.js';
import { bars, MIN, T0 } from './helpers.js';

type RegimeInput = NonNullable<RiskConfigInput['regime']>;

function detector(regime: RegimeInput = {}): RegimeDetector {
  return new RegimeDetector(parseRiskConfig({ regime }).regime);
}

/** Feeds closes one per minute from T0; returns every change. */
function feed(d: RegimeDetector, closes: readonly number[], start = T0): RegimeChange[] {
  return bars(start, closes)
    .map((candle) => d.update(candle))
    .filter((change): change is RegimeChange => change !== null);
}

const flat = (value: number, count: number) => Array.from({ length: count }, () => value);
// Short-window tests switch the slow-bleed rules off so they test one rule at a time.
const noBleed: RegimeInput = { bleed: [] };

describe('market regime', () => {
  it('stays NORMAL while the benchmark is flat', () => {
    const d = detector();
    expect(feed(d, flat(100, 30))).toEqual([]);
    expect(d.regime).toBe('NORMAL');
  });

  it('raises PANIC on a drop of more than 5 % from the 1 h high, at the close of that bar', () => {
    const d = detector(noBleed);
    const changes = feed(d, [100, 100, 98, 96, 94.99]);
    // 1 − 96/100 = 4 % → CAUTION (≥ 3 %); 1 − 94.99/100 = 5.01 % → PANIC.
    expect(changes.map((c) => [c.to, c.time])).toEqual([
      ['CAUTION', T0 + 4 * MIN],
      ['PANIC', T0 + 5 * MIN],
    ]);
    expect(changes[1]!.reason).toContain('fell 5.01 % from its 1 h high');
  });

  it('treats exactly 5 % as CAUTION (PANIC is more than 5 %) and exactly 3 % as CAUTION', () => {
    const d = detector(noBleed);
    expect(feed(d, [100, 97]).map((c) => c.to)).toEqual(['CAUTION']);
    feed(d, [95], T0 + 2 * MIN);
    expect(d.regime).toBe('CAUTION');
  });

  it('does not react to 2.99 %', () => {
    const d = detector(noBleed);
    expect(feed(d, [100, 97.01])).toEqual([]);
  });

  it('raises PANIC on more than 10 % over 4 h even when no single hour fell 3 %', () => {
    const d = detector(noBleed);
    // 100 → 89.5 linearly over 240 minutes: about 2.6 % per hour, never CAUTION on the 1 h rule.
    const closes = Array.from({ length: 241 }, (_, i) => 100 - (10.5 * i) / 240);
    const changes = feed(d, closes);
    expect(changes.map((c) => c.to)).toEqual(['PANIC']);
    // First close below 90 (more than 10 % under the 4 h high of 100): i with 100 − 10.5 i/240 < 90 → i = 229.
    expect(changes[0]!.time).toBe(T0 + 230 * MIN);
    expect(changes[0]!.reason).toContain('from its 4 h high');
  });

  it('raises EUPHORIA on a rise of more than 5 % from the 1 h low', () => {
    const d = detector(noBleed);
    const changes = feed(d, [100, 102, 105, 105.01]);
    expect(changes.map((c) => [c.to, c.time])).toEqual([['EUPHORIA', T0 + 4 * MIN]]);
  });

  it('escalates at once: EUPHORIA → PANIC in one bar', () => {
    const d = detector(noBleed);
    feed(d, [100, 106]);
    expect(d.regime).toBe('EUPHORIA');
    // From the 1 h high 106 to 100 is 5.66 %.
    expect(feed(d, [100], T0 + 2 * MIN).map((c) => [c.from, c.to])).toEqual([['EUPHORIA', 'PANIC']]);
  });

  it('holds PANIC inside the hysteresis band and for the minimum dwell, then steps down through CAUTION to NORMAL', () => {
    const d = detector({ ...noBleed, releaseRatio: 0.8, minDwellMinutes: 30 });
    feed(d, [100, 94]); // 6 % → PANIC at T0 + 2 min
    expect(d.regime).toBe('PANIC');
    // 4.5 % below the high: under the 5 % entry but above the 4 % release → still PANIC, long after the dwell.
    feed(d, flat(95.5, 40), T0 + 2 * MIN);
    expect(d.regime).toBe('PANIC');
    // 3.5 % below the high (< 4 % release): PANIC ends as the dwell is long over → CAUTION (3.5 ≥ 3).
    const [down] = feed(d, [96.5], T0 + 42 * MIN);
    expect([down?.from, down?.to, down?.time]).toEqual(['PANIC', 'CAUTION', T0 + 43 * MIN]);
    // 2.5 % is under CAUTION's 3 % entry but above its 2.4 % release: stays CAUTION.
    feed(d, flat(97.5, 5), T0 + 43 * MIN);
    expect(d.regime).toBe('CAUTION');
    // 2.0 % < 2.4 %: released, but only once 30 minutes have passed since CAUTION began (T0 + 43 min).
    const quiet = feed(d, flat(98, 40), T0 + 48 * MIN);
    expect(quiet.map((c) => [c.to, c.time])).toEqual([['NORMAL', T0 + 73 * MIN]]);
  });

  it('does not leave PANIC before the minimum dwell even when the drop vanishes', () => {
    const d = detector({ ...noBleed, minDwellMinutes: 30 });
    feed(d, [100, 94]); // PANIC at T0 + 2 min
    // Back to 98 at once: 2 % under the high (no CAUTION), 4.26 % over the low (no EUPHORIA),
    // but the dwell holds PANIC until T0 + 32 min.
    const changes = feed(d, flat(98, 40), T0 + 2 * MIN);
    expect(changes.map((c) => [c.to, c.time])).toEqual([['NORMAL', T0 + 32 * MIN]]);
  });

  it('lands in EUPHORIA after the dwell when the rebound from the panic low exceeds 5 %', () => {
    const d = detector({ ...noBleed, minDwellMinutes: 30 });
    feed(d, [100, 94]);
    // 94 → 100 is +6.38 % from the 1 h low and 0 % under the high.
    const changes = feed(d, flat(100, 40), T0 + 2 * MIN);
    expect(changes.map((c) => [c.from, c.to, c.time])).toEqual([['PANIC', 'EUPHORIA', T0 + 32 * MIN]]);
  });

  it('forgets a high once it is more than 1 h old (time-based window, gaps included)', () => {
    const d = detector({ ...noBleed, caution: [] });
    feed(d, [100]);
    // The next bar arrives 61 minutes later at 94: the 100 close is outside the 60-minute window.
    expect(feed(d, [94], T0 + 61 * MIN)).toEqual([]);
    expect(d.snapshot().measures.find((m) => m.kind === 'panic' && m.minutes === 60)?.valuePct).toBe(0);
    // Exactly 60 minutes after 100, a 94 close counts: the window includes the close 60 minutes ago.
    const d2 = detector({ ...noBleed, caution: [] });
    feed(d2, [100]);
    expect(feed(d2, [94], T0 + 60 * MIN).map((c) => c.to)).toEqual(['PANIC']);
  });

  it('counts a slow bleed of 3 % over 24 h as CAUTION', () => {
    const d = detector({ panic: [{ minutes: 60, pct: 5 }], caution: [], euphoria: [] });
    // 100 → 96.9 linearly over 1440 minutes: 0.13 % per hour, nothing on the short rules.
    const closes = Array.from({ length: 1441 }, (_, i) => 100 - (3.1 * i) / 1440);
    const changes = feed(d, closes);
    expect(changes.map((c) => c.to)).toEqual(['CAUTION']);
    // Net fall vs the first close reaches 3 % at i = 1394 (100 − 3.1 i/1440 ≤ 97 → i ≥ 1393.5).
    expect(changes[0]!.time).toBe(T0 + 1395 * MIN);
    expect(changes[0]!.reason).toContain('slow bleed: down 3.00');
  });

  it('counts 5 % over 48 h as CAUTION when the 24 h bleed stays under 3 %', () => {
    const d = detector({ panic: [{ minutes: 60, pct: 5 }], caution: [], euphoria: [] });
    // 2.6 % per day for two days: 24 h net < 3 %, 48 h net = 5.2 %.
    const closes = Array.from({ length: 2881 }, (_, i) => 100 * Math.pow(1 - 0.026, i / 1440));
    const changes = feed(d, closes);
    expect(changes.map((c) => c.to)).toEqual(['CAUTION']);
    expect(changes[0]!.reason).toContain('over 48 h');
  });

  it('ignores a bar it has already seen (replays after a reconnect)', () => {
    const d = detector(noBleed);
    const [first, second] = bars(T0, [100, 94]);
    d.update(first!);
    expect(d.update(second!)?.to).toBe('PANIC');
    expect(d.update(first!)).toBeNull();
    expect(d.update(second!)).toBeNull();
  });

  it('reports every change to listeners and shows the numbers behind the regime', () => {
    const d = detector(noBleed);
    const heard: string[] = [];
    d.onChange((change) => heard.push(`${change.from}→${change.to}`));
    feed(d, [100, 94]);
    expect(heard).toEqual(['NORMAL→PANIC']);
    const snapshot = d.snapshot();
    expect(snapshot).toMatchObject({ regime: 'PANIC', since: T0 + 2 * MIN, close: 94 });
    expect(snapshot.measures).toContainEqual({ kind: 'panic', minutes: 60, thresholdPct: 5, valuePct: 6 });
    expect(snapshot.measures).toContainEqual({ kind: 'euphoria', minutes: 60, thresholdPct: 5, valuePct: 0 });
  });
});
