import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { withoutNoise } from '../../core/backtest/report.js';
import { runBacktest } from '../../core/backtest/runner.js';
import { prepareBacktest } from '../../core/backtest/setup.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../core/market/simulator.js';
import { backtestRiskGate } from '../../core/risk/backtest-gate.js';
import { dataDirWithReadmeExample } from '../helpers/readme-example.js';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'halyard-wf-'));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The command as `npm run backtest --` runs it: the bundled tool through its launcher. */
function launcher(...args: string[]) {
  return exec(process.execPath, ['scripts/cli.mjs', 'backtest', ...args], { maxBuffer: 32 * 1024 * 1024 });
}

type Figures = { trades: number; winRate: number; profitFactor: number | null; totalReturn: number; maxDrawdown: number; sharpe: number };
interface SweepJson {
  rows: { id: string; params: Record<string, unknown>; outOfSample: Figures }[];
  walkForward: { warmUpMs: number; folds: { trainFrom: number; trainTo: number; testTo: number; chosen: string; train: Figures; test: Figures }[]; outOfSampleReturn: number };
}

describe('npm run backtest --walk-forward', () => {
  const start = Date.UTC(2024, 0, 1);
  const rows = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[2]!, 7, start, 200 * 24).map((c, i) => ({ ...c, time: start + i * HOUR }));
  const csvOf = (name: string, bars: typeof rows) => {
    const path = join(dir, name);
    writeFileSync(path, `time,open,high,low,close,volume\n${bars.map((c) => `${c.time},${c.open},${c.high},${c.low},${c.close},${c.volume}`).join('\n')}\n`);
    return path;
  };
  const csv = csvOf('SOLUSDT-1h.csv', rows);

  /** The library's backtest of the bars opening in [from, to), trading from `tradingFrom` (the bars before only warm it up), behind the default gate. */
  async function backtestOf(params: Record<string, unknown>, from: number, tradingFrom: number, to: number) {
    const window = csvOf(`SOLUSDT-1h-${from}-${to}.csv`, rows.filter((c) => c.time >= from && c.time < to));
    const prepared = await prepareBacktest({ strategy: 'sma-cross', source: { kind: 'file', path: window }, params, fee: 0.001, cash: 10_000, dataDir: null, riskGate: backtestRiskGate({}) });
    return runBacktest({ ...prepared.options, tradingFrom });
  }

  it('gives each fold the figures of a backtest of its span alone: flat at its start, warmed up on the bars before', async () => {
    const { stdout } = await launcher('--strategy', 'sma-cross', '--data', csv, '--params', '{"stake":3,"slow":40}', '--sweep', '{"fast":{"values":[10]}}', '--walk-forward', 'train=60d,test=30d', '--json');
    const sweep = JSON.parse(stdout) as SweepJson;
    const wf = sweep.walkForward;
    const [row] = sweep.rows;
    expect(wf.folds).toHaveLength(4);
    let tradesOutOfSample = 0;
    for (const [k, fold] of wf.folds.entries()) {
      expect(fold.chosen).toBe('fast=10');
      // Fold bounds are bar close times: the test span is the bars opening in [trainTo − 1h, testTo − 1h).
      const testFrom = fold.trainTo - HOUR;
      const test = await backtestOf(row!.params, testFrom - (wf.warmUpMs ?? 0), testFrom, fold.testTo - HOUR);
      expect(fold.test, `fold ${k} test`).toEqual(pick(withoutNoise(test.metrics)));
      // Flat at the span's start: every trade it counts was opened in it, and its return is what those trades and the position still open made.
      expect(test.trades.every((trade) => trade.entryTime >= testFrom)).toBe(true);
      const trainFrom = fold.trainFrom - HOUR;
      const train = await backtestOf(row!.params, Math.max(start, trainFrom - (wf.warmUpMs ?? 0)), trainFrom, fold.trainTo - HOUR);
      expect(fold.train, `fold ${k} train`).toEqual(pick(withoutNoise(train.metrics)));
      expect(fold.test.trades).toBeGreaterThan(0);
      tradesOutOfSample += fold.test.trades;
    }
    // sma-cross warms up on slow + 1 bars (+2, as a live runner) of its 1h bars.
    expect(wf.warmUpMs).toBe((40 + 1 + 2) * HOUR);
    // The variant's out-of-sample figures are its test spans' runs together: their trades, their returns compounded.
    expect(row!.outOfSample.trades).toBe(tradesOutOfSample);
    expect(row!.outOfSample.totalReturn).toBeCloseTo(wf.outOfSampleReturn, 12);
    expect(wf.folds[1]!.trainTo - wf.folds[1]!.trainFrom).toBe(60 * DAY);
  }, 120_000);

  it('runs a trader\'s strategy file\'s span runs in its sandbox, warmed up as the built-in\'s', async () => {
    const { file } = dataDirWithReadmeExample();
    const sweep = (strategy: string) => launcher('--strategy', strategy, '--data', csv, '--params', '{"stake":3,"slow":40}', '--sweep', '{"fast":{"values":[10,20]}}', '--walk-forward', 'train=60d,test=30d', '--workers', '2', '--json');
    const [own, builtin] = (await Promise.all([sweep(file), sweep('sma-cross')])).map(({ stdout }) => JSON.parse(stdout) as SweepJson);
    expect(own!.walkForward).toEqual(builtin!.walkForward);
    expect(own!.rows.map((row) => row.outOfSample)).toEqual(builtin!.rows.map((row) => row.outOfSample));
  }, 120_000);
});

function pick(m: Figures): Figures {
  return { trades: m.trades, winRate: m.winRate, profitFactor: m.profitFactor, totalReturn: m.totalReturn, maxDrawdown: m.maxDrawdown, sharpe: m.sharpe };
}
