/**
 * Parameter sweep (issue 16): 1,000 sma-cross variants (fast 5…54 × slow 60…250 step 10, a 50 × 20 grid)
 * over one year of 1m bars (525,600), on worker threads over shared candles, with the default risk gate,
 * next to the same variants run one after another on this thread in the same run (a sample of them,
 * scaled up), so the ratio shows what the workers and shared candles buy.
 * Goal (printed, not asserted): ≤ 60 s on 2 cores. BENCH_SWEEP_BARS overrides the bar count.
 */
import { availableParallelism, loadavg } from 'node:os';
import { runBacktest } from '../../core/backtest/runner.js';
import { runSweep } from '../../core/backtest/sweep/sweep.js';
import { sweepWorkerFile } from '../../core/backtest/sweep/worker-file.js';
import { candlesToColumns } from '../../core/market/candle.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../core/market/simulator.js';
import { backtestRiskGate } from '../../core/risk/backtest-gate.js';
import { parseStrategyParams } from '../../core/strategies/registry.js';
import { smaCrossStrategy } from '../../core/strategies/sma-cross.js';

const BARS = Number(process.env.BENCH_SWEEP_BARS ?? 525_600);
const SWEEP = { fast: [5, 54, 1], slow: [60, 250, 10] };
const SAMPLE = 10;

export async function run(): Promise<void> {
  const spec = DEFAULT_SIMULATED_SYMBOLS[0]!;
  const columns = candlesToColumns(simulateCandles(spec, 3, Date.UTC(2024, 0, 1), BARS));
  const source = { kind: 'candles', candles: columns, timeframe: '1m', label: 'simulated' } as const;
  const common = { strategy: 'sma-cross', source, fee: 0.001, cash: 10_000, symbol: spec.symbol, dataDir: null } as const;
  const workerFile = await sweepWorkerFile();
  const cores = availableParallelism();
  process.stdout.write(`${BARS.toLocaleString('en-US')} simulated 1m bars of ${spec.symbol}; sweep ${JSON.stringify(SWEEP)} with the default risk gate on ${cores} cores\n`);

  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = await runSweep({ ...common, params: { stake: 0.02 }, sweep: SWEEP, risk: { config: null } }, { workerFile });
  const seconds = (performance.now() - started) / 1000;
  // CPU time of every thread of this process (the workers are threads): on a shared machine the fairer figure.
  const cpuSeconds = cpuOf(process.cpuUsage(cpuStarted));
  const variants = result.rows.length;
  const candlesPerSecond = (variants * BARS) / seconds;
  process.stdout.write(
    `sweep: ${variants} variants in ${seconds.toFixed(1)} s on ${result.workers} workers (${cpuSeconds.toFixed(1)} s CPU in all, load ${loadavg()[0]!.toFixed(1)}), ${(candlesPerSecond / 1e6).toFixed(1)}M candles/s in all [goal ≤ 60 s for 1,000 variants over 525,600 bars: ${variants >= 1000 && BARS >= 525_600 ? (seconds <= 60 ? 'met' : 'NOT met') : 'not measured at full size'}]\n`,
  );

  // The same variants one after another on this thread: a sample, scaled to the whole grid.
  const sample = result.rows.filter((_, index) => index % Math.ceil(variants / SAMPLE) === 0).slice(0, SAMPLE);
  const gate = backtestRiskGate();
  const oneByOne = performance.now();
  const cpuOneByOne = process.cpuUsage();
  for (const row of sample) {
    const check = runBacktest({ strategy: smaCrossStrategy, params: parseStrategyParams(smaCrossStrategy, row.params), candles: columns, timeframe: '1m', symbol: spec.symbol, cash: 10_000, fee: 0.001, riskGate: gate({ benchmark: null, timeframe: '1m', tier: 'large' }) });
    // Every figure, not only the trade count: the sweep's gates replay the market state worked out once.
    if (JSON.stringify(check.metrics) !== JSON.stringify(row.metrics)) throw new Error(`${row.id}: one by one ${JSON.stringify(check.metrics)}, in the sweep ${JSON.stringify(row.metrics)}`);
  }
  const serialSeconds = ((performance.now() - oneByOne) / 1000 / sample.length) * variants;
  const serialCpu = (cpuOf(process.cpuUsage(cpuOneByOne)) / sample.length) * variants;
  process.stdout.write(
    `one after another on one thread (${sample.length} sampled, same figures, scaled to ${variants}): ${serialSeconds.toFixed(1)} s (${serialCpu.toFixed(1)} s CPU); the sweep takes ${(seconds / serialSeconds).toFixed(2)}× its time, ${(cpuSeconds / serialCpu).toFixed(2)}× its CPU time\n`,
  );
}

function cpuOf(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}
