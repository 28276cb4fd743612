import { describe, expect, it } from 'vitest';
import { parseRiskConfig, type RiskConfigInput } from '../../../core/risk/config.js';
import { RegimeDetector, type RegimeChange } from '../../../core/risk/regime.js';
import { BruteRegime } from './brute-regime.js';
import { walk } from './walks.js';

/**
 * The regime detector's windows, bounds and quiet band against a brute-force reading of the rules
 * (every measure recomputed from its whole window on every bar): every change and, on sampled bars or on
 * every bar, the whole snapshot (measures, reason, since) must be the same.
 */

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
