import { withoutNoise } from '../../backtest/report.js';
import { timeframeMs } from '../../market/candle.js';
import { BacktestSetupError } from '../../backtest/setup.js';
import { seedWithoutRandom, SweepSpecError } from '../../backtest/sweep/spec.js';
import { better, runSweep, SWEEP_METRICS, type FoldMetric, type SweepRequest, type SweepResult, type SweepRow } from '../../backtest/sweep/sweep.js';
import { MAX_WORKERS } from '../../backtest/sweep/pool.js';
import { sweepWorkerFile } from '../../backtest/sweep/worker-file.js';
import { parseWalkForward, type SpanFigures } from '../../backtest/sweep/walk-forward.js';
import { StrategyError } from '../../strategies/strategy-error.js';
import { noiseFree } from '../../exchange/precision.js';
import { quoteMoneyDecimals } from '../../exchange/volume-tiers.js';
import { fail } from './args.js';

interface SweepFlags {
  readonly sweep?: string | undefined;
  readonly random?: string | undefined;
  readonly seed?: string | undefined;
  readonly 'walk-forward'?: string | undefined;
  readonly 'select-by'?: string | undefined;
  readonly workers?: string | undefined;
  readonly sort?: string | undefined;
  readonly top?: string | undefined;
  readonly json: boolean;
}

/** The sort metrics the table does not show otherwise: their column's title, and whether they are money (in the quote) or a fraction. */
const EXTRA_COLUMNS: Readonly<Record<string, { readonly title: string; readonly money: boolean }>> = {
  netProfit: { title: 'net profit', money: true },
  fees: { title: 'fees', money: true },
  exposure: { title: 'exposure', money: false },
  weightedReturn: { title: 'weighted return', money: false },
};

const FOLD_METRICS: readonly FoldMetric[] = ['totalReturn', 'sharpe', 'maxDrawdown', 'profitFactor', 'winRate', 'trades'];

/**
 * `npm run backtest -- --sweep '{"fast":[5,50,5],"slow":[20,200,10]}' [--random N] [--walk-forward …] [--workers N]`:
 * every flag and every range is checked before a worker starts; progress with the time left on a
 * terminal; the variants sorted by `--sort`, or all of them as JSON.
 */
export async function sweepCommand(flags: SweepFlags, request: Omit<SweepRequest, 'sweep' | 'random' | 'seed' | 'walkForward' | 'selectBy'>): Promise<void> {
  let sweep: unknown;
  try {
    sweep = JSON.parse(flags.sweep ?? '');
  } catch (error) {
    fail(`--sweep is not valid JSON (${error instanceof Error ? error.message : String(error)}): ${flags.sweep}`);
  }
  const random = flags.random === undefined ? undefined : whole('--random', flags.random, 1);
  const seed = flags.seed === undefined ? undefined : whole('--seed', flags.seed, 0);
  // A thread per variant asked for would start thousands (each with its strategy and risk gate): the API's bound holds here too.
  const workers = flags.workers === undefined ? undefined : whole('--workers', flags.workers, 1, MAX_WORKERS);
  const top = flags.top === undefined ? 20 : whole('--top', flags.top, 1);
  const sort = flags.sort ?? 'totalReturn';
  if (!(SWEEP_METRICS as readonly string[]).includes(sort)) fail(`--sort must be one of ${SWEEP_METRICS.join(', ')}, got "${sort}"`);
  const selectBy = flags['select-by'] ?? 'sharpe';
  if (!(FOLD_METRICS as readonly string[]).includes(selectBy)) fail(`--select-by must be one of ${FOLD_METRICS.join(', ')}, got "${selectBy}"`);
  if (flags.seed !== undefined && random === undefined) fail(seedWithoutRandom((option) => `--${option}`));
  if (flags['select-by'] !== undefined && flags['walk-forward'] === undefined) fail('--select-by picks each walk-forward fold\'s variant: add --walk-forward train=90d,test=30d');
  let walkForward;
  try {
    walkForward = flags['walk-forward'] === undefined ? undefined : parseWalkForward(flags['walk-forward']);
  } catch (error) {
    if (error instanceof SweepSpecError) fail(sweepFlagError(error));
    throw error;
  }
  const live = process.stderr.isTTY === true && !flags.json;
  let result: SweepResult;
  try {
    result = await runSweep(
      { ...request, sweep, ...(random !== undefined ? { random } : {}), ...(seed !== undefined ? { seed } : {}), ...(walkForward ? { walkForward, selectBy: selectBy as FoldMetric } : {}) },
      {
        workerFile: await sweepWorkerFile(),
        ...(workers !== undefined ? { workers } : {}),
        ...(live ? { onProgress: ({ done, total, etaMs }) => process.stderr.write(`\rsweeping: ${done}/${total} ${walkForward ? 'backtests' : 'variants'} (${Math.floor((done / total) * 100)} %), ${seconds(etaMs ?? 0)} left   `) } : {}),
      },
    );
  } catch (error) {
    if (error instanceof SweepSpecError) fail(sweepFlagError(error));
    if (error instanceof BacktestSetupError || error instanceof StrategyError) fail(error.message);
    throw error;
  }
  if (live) process.stderr.write('\n');
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(withoutNoise(result))}\n`);
    return;
  }
  process.stdout.write(`${report(result, sort, top).join('\n')}\n`);
}

function report(result: SweepResult, sort: string, top: number): string[] {
  const rows = [...result.rows].sort((a, b) => (better(metric(a, sort), metric(b, sort), sort) ? -1 : better(metric(b, sort), metric(a, sort), sort) ? 1 : 0));
  const oos = result.walkForward !== null;
  // Sorted by a figure the table has no column for (fees, net profit…): it gets one, so the order can be read.
  const extra = EXTRA_COLUMNS[sort];
  const money = quoteMoneyDecimals(result.symbol);
  const header = ['#', ...result.names, 'trades', 'win rate', 'profit f.', 'return', 'max DD', 'Sharpe', ...(extra ? [extra.title] : []), ...(oos ? ['OOS return', 'OOS Sharpe'] : [])];
  const table = rows.slice(0, top).map((row, i) => [
    String(i + 1),
    ...result.names.map((name) => String(row.values[name])),
    String(row.metrics.trades),
    pct(row.metrics.winRate),
    row.metrics.profitFactor === null ? 'n/a' : row.metrics.profitFactor.toFixed(2),
    pct(row.metrics.totalReturn),
    pct(row.metrics.maxDrawdown),
    row.metrics.sharpeNote === undefined ? row.metrics.sharpe.toFixed(2) : '—',
    ...(extra ? [extra.money ? noiseFree(metric(row, sort) ?? 0).toFixed(money) : pct(metric(row, sort) ?? 0)] : []),
    ...(oos ? [pct(row.outOfSample!.totalReturn), row.outOfSample!.sharpe.toFixed(2)] : []),
  ]);
  const widths = header.map((title, c) => Math.max(title.length, ...table.map((cells) => cells[c]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => (c <= result.names.length ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const sample = result.rows.length + result.skipped < result.gridSize;
  const skipped = result.skipped > 0 ? `; ${sample ? 'replaced' : 'skipped'} ${result.skipped} the strategy refuses (${result.skipReason})` : '';
  const lines = [
    `sweep of ${result.strategy} on ${result.symbol} (${result.timeframe}, ${result.bars} bars): ${result.rows.length} variants${sample ? ' drawn at random' : ''} of ${result.gridSize} combinations on ${result.workers} worker${result.workers === 1 ? '' : 's'} in ${seconds(result.elapsedMs)}${skipped}`,
    `top ${Math.min(top, rows.length)} by ${sort}:`,
    line(header),
    ...table.map(line),
    ...(result.rows[0]?.metrics.sharpeNote ? [`Sharpe —: ${result.rows[0].metrics.sharpeNote}`] : []),
  ];
  const wf = result.walkForward;
  if (wf !== null) {
    lines.push(`walk-forward (train ${days(wf.trainMs)}, test ${days(wf.testMs)}; each fold picks the best ${wf.selectBy} on its train span):`);
    // The folds' bounds are bar close times: shown as the open time of each span's first bar (the data's first row, not an hour after it).
    const bar = timeframeMs(result.timeframe);
    for (const fold of wf.folds) {
      lines.push(`  ${date(fold.trainFrom - bar)} → ${date(fold.trainTo - bar)} → ${date(fold.testTo - bar)}: ${fold.chosen} — train ${figures(fold.train)}; test ${figures(fold.test)}`);
    }
    lines.push(`  out-of-sample return of the chosen variants, compounded: ${pct(wf.outOfSampleReturn)}`);
  }
  return lines;
}

/** `--sweep fast: step must be positive`, `--sweep: …` for the spec as a whole, `--random: …`, `--walk-forward: …`. */
function sweepFlagError(error: SweepSpecError): string {
  if (error.field === 'workers') return `--workers ${error.detail.replace(/got (\d+)$/, 'got "$1"')}`; // as the flag's other refusal
  if (error.field === 'random' || error.field === 'walk-forward') return `--${error.field}: ${error.detail}`;
  return error.field === 'sweep' ? `--sweep: ${error.detail}` : `--sweep ${error.field}: ${error.detail}`;
}

function metric(row: SweepRow, name: string): number | null {
  return (row.metrics as unknown as Record<string, number | null>)[name] ?? null;
}

function figures(f: SpanFigures): string {
  return `return ${pct(f.totalReturn)}, Sharpe ${f.sharpe.toFixed(2)}, max DD ${pct(f.maxDrawdown)}, ${f.trades} trades`;
}

function whole(flag: string, text: string, min: number, max?: number): number {
  if (max !== undefined && (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max)) fail(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  if (!/^\d{1,9}$/.test(text) || Number(text) < min) fail(`${flag} must be a whole number ≥ ${min}, got "${text}"`);
  return Number(text);
}

const pct = (value: number) => `${(value * 100).toFixed(2)} %`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const days = (ms: number) => `${+(ms / 86_400_000).toFixed(2)} d`;
const date = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
