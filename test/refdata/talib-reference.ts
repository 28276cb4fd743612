import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { Candle } from '../../core/market/candle.js';
import { parseCandleCsv } from '../../core/market/csv.js';
import { refdataDir } from './refdata-dir.js';

/** One TA-Lib output file of ../shared/data/indicators/talib/ (see that folder's README). */
const talibFileSchema = z.object({
  engine: z.string(),
  input: z.object({ file: z.string(), rows: z.number().int().positive() }),
  time: z.array(z.number().int()),
  indicators: z.record(
    z.string(),
    z.object({
      function: z.string(),
      params: z.record(z.string(), z.number()),
      /** Index of TA-Lib's first output (its lookback); every output is null before it. */
      begIndex: z.number().int().min(0),
      outputs: z.record(z.string(), z.array(z.number().nullable())),
    }),
  ),
});

export interface TalibCase {
  /** The TA-Lib file's name. */
  readonly name: string;
  readonly engine: string;
  /** The candles TA-Lib was run on, in file order (aligned with every output array). */
  readonly candles: readonly Candle[];
  /** TA-Lib's output `output` of `indicator` (e.g. `MACD(12,26,9)`, `outMACDSignal`) and its first index. */
  output(indicator: string, output: string): { readonly values: readonly (number | null)[]; readonly begIndex: number };
}

/** Every TA-Lib file in the shared data, with the candles it was computed from (found by file name under candles/). */
export function talibCases(): TalibCase[] {
  const root = refdataDir();
  const dir = join(root, 'indicators', 'talib');
  const files = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  if (files.length === 0) throw new Error(`no TA-Lib files in ${dir}`);
  const candleFiles = (readdirSync(join(root, 'candles'), { recursive: true }) as string[]).map((path) => join(root, 'candles', path));
  return files.map((name) => {
    const file = talibFileSchema.parse(JSON.parse(readFileSync(join(dir, name), 'utf8')));
    const matches = candleFiles.filter((path) => basename(path) === basename(file.input.file));
    if (matches.length !== 1) throw new Error(`${name}: expected one candle file named ${basename(file.input.file)} under candles/, found ${matches.length}`);
    const parsed = parseCandleCsv(readFileSync(matches[0]!, 'utf8'));
    if (parsed.rejected.length > 0) throw new Error(`${matches[0]}: ${parsed.rejected.length} rows rejected`);
    const candles = parsed.candles;
    // The same rows, in the same order, as TA-Lib saw them.
    if (candles.length !== file.time.length || candles.some((candle, i) => candle.time !== file.time[i])) {
      throw new Error(`${name}: the candles of ${matches[0]} are not the rows TA-Lib was run on`);
    }
    return {
      name,
      engine: file.engine,
      candles,
      output(indicator, output) {
        const entry = file.indicators[indicator];
        const values = entry?.outputs[output];
        if (!entry || !values) throw new Error(`${name} has no TA-Lib output ${indicator} ${output}`);
        return { values, begIndex: entry.begIndex };
      },
    };
  });
}

/** Relative difference allowed between a Halyard value and TA-Lib's. */
export const TOLERANCE = 1e-9;

export interface Agreement {
  /** Where TA-Lib's first output is. */
  readonly begIndex: number;
  /** Largest |ours − TA-Lib| / |TA-Lib| from TA-Lib's first output on. */
  readonly worst: number;
  /** Problems: a value where TA-Lib has none, a missing value, or a difference beyond TOLERANCE (first few). */
  readonly problems: readonly string[];
}

/**
 * Compares a series with TA-Lib's: from TA-Lib's first output on every value must be there and agree
 * within TOLERANCE (relative; a TA-Lib 0 needs an exact 0); before it there must be none, as TA-Lib shows none.
 */
export function agreement(ours: readonly (number | null | undefined)[], talib: { readonly values: readonly (number | null)[]; readonly begIndex: number }): Agreement {
  const problems: string[] = [];
  let worst = 0;
  for (let i = 0; i < talib.values.length; i++) {
    const value = ours[i] ?? null;
    const expected = talib.values[i] ?? null;
    if (i < talib.begIndex) {
      if (value !== null) problems.push(`#${i}: ${value} before TA-Lib's first output (#${talib.begIndex})`);
      continue;
    }
    if (expected === null) throw new Error(`TA-Lib has no value at #${i}, after its first output`);
    if (value === null) {
      problems.push(`#${i}: missing (TA-Lib ${expected})`);
      continue;
    }
    const relative = expected === 0 ? (value === 0 ? 0 : Number.POSITIVE_INFINITY) : Math.abs(value - expected) / Math.abs(expected);
    worst = Math.max(worst, relative);
    if (!(relative <= TOLERANCE)) problems.push(`#${i}: ${value} vs TA-Lib ${expected} (relative ${relative.toExponential(2)})`);
  }
  return { begIndex: talib.begIndex, worst, problems: problems.slice(0, 5) };
}
