import type { BacktestMetrics } from '../metrics.js';
import { SweepSpecError } from './spec.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Rolling walk-forward: each fold trains on `trainMs`, then is tested on the `testMs` right after it. */
export interface WalkForward {
  readonly trainMs: number;
  readonly testMs: number;
}

/** One fold: [trainFrom, trainTo) then [trainTo, testTo), in bar close times. */
export interface Fold {
  readonly trainFrom: number;
  readonly trainTo: number;
  readonly testTo: number;
}

/** The figures of a fold's train or test span's run, or of all the test spans' runs together. */
export type SpanFigures = Pick<BacktestMetrics, 'trades' | 'winRate' | 'profitFactor' | 'totalReturn' | 'maxDrawdown' | 'sharpe'>;

/** `train=90d,test=30d` (days `d` or hours `h`), as the CLI's --walk-forward takes it. */
export function parseWalkForward(text: string): WalkForward {
  const parts = new Map(text.split(',').map((part) => part.trim().split('=') as [string, string | undefined]));
  const duration = (key: 'train' | 'test') => {
    const value = parts.get(key);
    const match = value?.match(/^(\d+(?:\.\d+)?)([dh])$/);
    if (!match) throw new SweepSpecError('walk-forward', `must look like train=90d,test=30d (days d or hours h), got "${text}"`);
    return Number(match[1]) * (match[2] === 'd' ? DAY_MS : HOUR_MS);
  };
  if ([...parts.keys()].some((key) => key !== 'train' && key !== 'test')) throw new SweepSpecError('walk-forward', `must look like train=90d,test=30d, got "${text}"`);
  return checkWalkForward({ trainMs: duration('train'), testMs: duration('test') });
}

export function checkWalkForward(walkForward: WalkForward): WalkForward {
  if (!(walkForward.trainMs >= HOUR_MS) || !(walkForward.testMs >= HOUR_MS)) throw new SweepSpecError('walk-forward', 'train and test must each be at least an hour');
  return walkForward;
}

/**
 * The folds that fit the data (close times `first`…`last`): they start at the first bar and move by one
 * test span each, so the test spans follow each other without gaps or overlaps.
 */
export function foldsOf(walkForward: WalkForward, first: number, last: number): Fold[] {
  const folds: Fold[] = [];
  for (let from = first; from + walkForward.trainMs + walkForward.testMs <= last + 1; from += walkForward.testMs) {
    folds.push({ trainFrom: from, trainTo: from + walkForward.trainMs, testTo: from + walkForward.trainMs + walkForward.testMs });
  }
  if (folds.length === 0) {
    const days = (ms: number) => `${+(ms / DAY_MS).toFixed(2)} days`;
    throw new SweepSpecError('walk-forward', `the data spans ${days(last - first)}; train ${days(walkForward.trainMs)} + test ${days(walkForward.testMs)} does not fit`);
  }
  return folds;
}
