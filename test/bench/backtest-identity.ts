/**
 * Diagnostic, not a test: proves a change to the engine or the paper venue left every backtest result
 * identical. Runs every built-in strategy, risk gate off and on, with a small and a large account, over
 * simulated series and the shared reference CSVs (read where they are, never copied), and hashes each
 * run's full result (trades, fills, risk events, metrics, the equity curve and its times, the open position).
 *
 *   npx tsx test/bench/backtest-identity.ts write /tmp/hashes-base.json   (on a checkout of the base commit)
 *   npx tsx test/bench/backtest-identity.ts check /tmp/hashes-base.json   (on the changed tree: exits 1 on any difference)
 *
 * REFDATA_DIR points at the reference data (default /work/shared/data); IDENTITY_BARS caps the simulated series.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCandleCsv } from '../../core/backtest/csv-source.js';
import { runBacktest, type BacktestOptions, type BacktestResult } from '../../core/backtest/runner.js';
import type { CandleColumns, MarketSymbol, Timeframe } from '../../core/market/candle.js';
import { candlesToColumns } from '../../core/market/candle.js';
import { DEFAULT_SIMULATED_SYMBOLS, MORE_SIMULATED_SYMBOLS, simulateCandles } from '../../core/market/simulator.js';
import { backtestRiskGate } from '../../core/risk/backtest-gate.js';
import { BUILTIN_STRATEGIES, parseStrategyParams } from '../../core/strategies/registry.js';

const [mode, file] = process.argv.slice(2);
if ((mode !== 'write' && mode !== 'check') || file === undefined) {
  process.stderr.write('usage: backtest-identity.ts write|check <hashes.json>\n');
  process.exit(2);
}
const REFDATA = process.env.REFDATA_DIR ?? '/work/shared/data';
const BARS = Number(process.env.IDENTITY_BARS ?? 175_680);

interface Series {
  readonly name: string;
  readonly symbol: MarketSymbol;
  readonly timeframe: Timeframe;
  readonly columns: CandleColumns;
}

async function seriesList(): Promise<Series[]> {
  const list: Series[] = [];
  for (const [index, spec] of [...DEFAULT_SIMULATED_SYMBOLS, ...MORE_SIMULATED_SYMBOLS].slice(0, 3).entries()) {
    list.push({ name: `sim:${spec.symbol}`, symbol: spec.symbol, timeframe: '1m', columns: candlesToColumns(simulateCandles(spec, 11 + index, Date.UTC(2024, 0, 1), BARS)) });
  }
  const root = join(REFDATA, 'candles');
  for (const folder of (await readdir(root)).sort()) {
    for (const name of (await readdir(join(root, folder))).sort()) {
      if (!name.endsWith('.csv')) continue;
      try {
        const loaded = await loadCandleCsv(join(root, folder, name));
        list.push({ name: `${folder}/${name}`, symbol: 'BTC/USDT', timeframe: loaded.timeframe, columns: loaded.columns });
      } catch {
        // Not a candle file the backtester reads (trades, metadata, epoch seconds): the same on both trees.
      }
    }
  }
  return list;
}

/** Every number written with full precision (JSON's shortest round-trip form), typed arrays as lists. */
function hashResult(result: BacktestResult): string {
  const hash = createHash('sha256');
  const write = (value: unknown) => hash.update(JSON.stringify(value, (_key, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)));
  write(result.trades);
  write(result.fills);
  write(result.riskEvents);
  write(result.metrics);
  write(result.openPosition);
  write(result.bars);
  hash.update(Buffer.from(result.equity.time.buffer, result.equity.time.byteOffset, result.equity.time.byteLength));
  hash.update(Buffer.from(result.equity.value.buffer, result.equity.value.byteOffset, result.equity.value.byteLength));
  return hash.digest('hex');
}

/** sma-cross runs on any of these bar sizes, so the coarser reference files are backtested too. */
const SMA_TIMEFRAMES = new Set<Timeframe>(['1m', '5m', '15m', '1h', '4h', '1d']);
const hashes: Record<string, string> = {};
for (const series of await seriesList()) {
  for (const strategy of BUILTIN_STRATEGIES) {
    for (const gate of [false, true]) {
      for (const cash of [10_000, 1e9]) {
        const options: BacktestOptions<unknown> = {
          strategy: strategy as BacktestOptions<unknown>['strategy'],
          params: parseStrategyParams(strategy, strategy.name === 'sma-cross' ? { fast: 20, slow: 60, stake: cash > 1e6 ? 1 : 0.1, ...(SMA_TIMEFRAMES.has(series.timeframe) ? { timeframe: series.timeframe } : {}) } : {}),
          candles: series.columns,
          timeframe: series.timeframe,
          symbol: series.symbol,
          cash,
          fee: 0.001,
          ...(gate ? { riskGate: backtestRiskGate()({ benchmark: null, timeframe: series.timeframe, tier: 'large' }) } : {}),
        };
        let digest: string;
        try {
          digest = hashResult(runBacktest(options));
        } catch (error) {
          digest = `error: ${error instanceof Error ? error.message : String(error)}`;
        }
        hashes[`${series.name} ${strategy.name} gate=${gate ? 'on' : 'off'} cash=${cash}`] = digest;
      }
    }
  }
}

if (mode === 'write') {
  await writeFile(file, `${JSON.stringify(hashes, null, 1)}\n`);
  process.stdout.write(`wrote ${Object.keys(hashes).length} hashes to ${file}\n`);
} else {
  const expected = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  const keys = new Set([...Object.keys(expected), ...Object.keys(hashes)]);
  let differ = 0;
  for (const key of keys) {
    if (expected[key] === hashes[key]) continue;
    differ++;
    process.stdout.write(`DIFFERS: ${key}\n  expected ${expected[key] ?? '(missing)'}\n  got      ${hashes[key] ?? '(missing)'}\n`);
  }
  const errors = Object.values(hashes).filter((h) => h.startsWith('error')).length;
  process.stdout.write(`${keys.size} runs compared (${keys.size - errors} backtests, ${errors} refusals such as a strategy's timeframe finer than the data), ${differ} differ\n`);
  process.exit(differ === 0 ? 0 : 1);
}
