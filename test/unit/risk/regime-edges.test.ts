import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../core/market/candle.js';
import { parseRiskConfig, type RiskConfigInput } from '../../../core/risk/config.js';
import { RegimeDetector } from '../../../core/risk/regime.js';
import { BruteRegime } from './brute-regime.js';
import { MIN, T0 } from './helpers.js';
import { walk } from './walks.js';

/**
 * The regime detector against brute force on adversarial series: closes that land exactly on an entry or
 * a holding threshold (and a cent either side) of each rule, measured from a round anchor that is often the
 * window's high, low or oldest close; long stays in CAUTION and PANIC; gaps shorter and longer than the
 * windows; replayed and stale bars. Every answer on every bar (the change, and the snapshot on every bar or
 * only now and then, since the reason is worked out on first read) must be the brute force's.
 */

/** Percentages off the anchor: every threshold and holding threshold of CONFIGS, a cent either side, and calm values. */
const EDGES = [0, 0.5, 1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10, 12].flatMap((pct) => [pct, pct - 0.01, pct + 0.01]);

/** A seeded series of 1m candles whose closes sit on the anchor's edges (prices in cents, so a 3 % drop from 100 is exactly 97). */
function edgeSeries(count: number, seed: number): Candle[] {
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff) / 0x80000000);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  const candles: Candle[] = [];
  let time = T0;
  let anchor = 100;
  // A level (% off the anchor, negative: above it) held for a run of bars, so regimes last and release.
  let level = 0;
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < 0.02) time += pick([2, 3, 15, 31, 61, 200, 400]) * MIN;
    else if (roll < 0.03) time -= pick([0, 1, 5]) * MIN; // replayed or stale: changes nothing
    else time += MIN;
    if (random() < 0.01) anchor = pick([100, 200, 50, 1_000]);
    if (random() < 0.15) level = random() < 0.25 ? -pick(EDGES) : pick(EDGES);
    const close = random() < 0.1 ? anchor : Math.round(anchor * (100 - level)) / 100;
    candles.push({ time, open: close, high: close, low: close, close, volume: 1 });
  }
  return candles;
}

const CONFIGS: Record<string, NonNullable<RiskConfigInput['regime']>> = {
  // The spec's thresholds and band, windows shortened so that brute force stays quick.
  'spec thresholds': { bleed: [{ minutes: 120, pct: 3 }, { minutes: 240, pct: 5 }] },
  'no band, no dwell': { releaseRatio: 1, minDwellMinutes: 0, bleed: [{ minutes: 90, pct: 3 }] },
  'wide band, long dwell, rules sharing windows': {
    releaseRatio: 0.5,
    minDwellMinutes: 45,
    panic: [{ minutes: 30, pct: 4 }, { minutes: 60, pct: 6 }],
    caution: [{ minutes: 30, pct: 2 }, { minutes: 60, pct: 3 }],
    bleed: [{ minutes: 60, pct: 2 }, { minutes: 180, pct: 4 }],
    euphoria: [{ minutes: 30, pct: 2 }],
  },
  'bleeds before cautions, short windows': {
    releaseRatio: 0.6,
    minDwellMinutes: 5,
    panic: [{ minutes: 10, pct: 5 }],
    caution: [{ minutes: 20, pct: 4 }],
    bleed: [{ minutes: 15, pct: 2 }, { minutes: 40, pct: 3 }],
    euphoria: [{ minutes: 10, pct: 1 }, { minutes: 120, pct: 4 }],
  },
};

/** Every difference between the detector and brute force over `candles` (at most `limit`), reading snapshots on bars `i % every === 0`. */
function differences(config: RiskConfigInput['regime'], candles: readonly Candle[], every: number, limit = 5): { found: string[]; regimes: Set<string> } {
  const parsed = parseRiskConfig({ regime: config }).regime;
  const detector = new RegimeDetector(parsed);
  const brute = new BruteRegime(parsed);
  const accepted: Candle[] = [];
  const found: string[] = [];
  const regimes = new Set<string>();
  const differ = (what: string, got: unknown, expected: unknown) => {
    if (found.length < limit && JSON.stringify(got) !== JSON.stringify(expected)) found.push(`${what}: got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  };
  for (let i = 0; i < candles.length; i++) {
    const candle = candles[i]!;
    const stale = accepted.length > 0 && candle.time <= accepted[accepted.length - 1]!.time;
    if (!stale) accepted.push(candle);
    const change = detector.update(candle);
    differ(`bar ${i} change`, change, stale ? null : brute.update(accepted, accepted.length - 1));
    if (i % every === 0 || i === candles.length - 1) differ(`bar ${i} snapshot`, detector.snapshot(), brute.snapshot());
    regimes.add(detector.regime);
  }
  return { found, regimes };
}

describe('market regime against brute force on threshold edges, holds and gaps', () => {
  for (const [name, config] of Object.entries(CONFIGS)) {
    it(`answers as the rules do on every bar (${name})`, () => {
      for (const [seed, every] of [[1, 1], [2, 97], [3, 1_000_000]] as const) {
        const { found, regimes } = differences(config, edgeSeries(7_000, seed), every);
        expect(found).toEqual([]);
        expect([...regimes].sort()).toEqual(['CAUTION', 'EUPHORIA', 'NORMAL', 'PANIC']);
      }
      // Random walks in small steps: closes that creep across the thresholds rather than jump.
      for (const seed of [21, 22]) expect(differences(config, walk(6_000, seed, 0.002), seed === 21 ? 1 : 89).found).toEqual([]);
    });
  }

  it('spends long runs in CAUTION and PANIC in these series (where a holding regime is decided)', () => {
    const parsed = parseRiskConfig({ regime: CONFIGS['spec thresholds'] }).regime;
    const detector = new RegimeDetector(parsed);
    let held = 0;
    const candles = edgeSeries(7_000, 1);
    for (const candle of candles) if (detector.update(candle) === null && (detector.regime === 'CAUTION' || detector.regime === 'PANIC')) held++;
    expect(held).toBeGreaterThan(candles.length / 4);
  });
});
