import './zod-jitless.js';
import { resolve } from 'node:path';
import { backtestJson } from '../../backtest/report.js';
import { prepareBacktest, BacktestSetupError } from '../../backtest/setup.js';
import { runBacktestAsync } from '../../backtest/runner.js';
import { defaultDataDir } from '../../app/paths.js';
import { liquidityTierSchema } from '../../exchange/port.js';
import { backtestRiskGate } from '../../risk/backtest-gate.js';
import { parseRiskConfig, type RiskConfigInput } from '../../risk/config.js';
import { timeframeSchema } from '../../market/candle.js';
import { StrategyError } from '../../strategies/strategy-error.js';
import { SWEEP_METRICS } from '../../backtest/sweep/sweep.js';
import { fail, parseFlags } from './args.js';
import { sweepCommand } from './backtest-sweep.js';

const USAGE = `usage: npm run backtest -- --strategy <builtin-name|path> --data <csv> [--timeframe 1m] [--params <json>] [--fee <rate>] [--slippage <rate>] [--cash <amount>] [--json] [--symbol BASE/QUOTE] [--tier large|mid|small|meme] [--benchmark <csv>] [--risk-config <json>] [--no-risk] [--data-dir <dir>]
       npm run backtest -- --strategy <name|path> --data <csv> --sweep '{"fast":[5,50,5],"slow":[20,200,10]}' [--random N] [--seed N] [--walk-forward train=90d,test=30d] [--select-by <metric>] [--workers N] [--sort <metric>] [--top N] [...the flags above]`;

const HELP = `${USAGE}

Runs a strategy over a candle CSV with the engine, exits and risk gate of live trading.
  --strategy       a built-in (sma-cross, dca-grid, breakout, channel, fibonacci, ema-trend), a strategy file, or a file's name in <data-dir>/strategies
  --data           candle CSV: header row, then timestamp (ms, s or ISO 8601), open, high, low, close, volume
  --timeframe      the timeframe the strategy runs on (strategies with a timeframe parameter)
  --params         parameters as JSON (missing ones take their defaults)
  --fee            commission rate on every fill (default 0.001); --slippage: market-fill slippage (default: the tier's)
  --cash           starting quote balance (default 10000)
  --json           print { trades, fills, metrics, riskEvents } (a sweep: every variant's metrics)
  --symbol, --tier default: from the file name, tier large
  --benchmark      the series whose moves set the market regime; --risk-config: a partial risk configuration; --no-risk: no risk gate
  --data-dir       where <data-dir>/strategies is looked up

Parameter sweeps (every variant a full backtest, on worker threads over shared candles):
  --sweep          per parameter [from, to, step] (both ends included) or {"values": [...]}; every combination is tried
  --random N       try N combinations drawn at random instead (--seed: which ones; default 1)
  --walk-forward   train=90d,test=30d: each fold picks its best variant by --select-by (default sharpe) on the train span; out-of-sample figures from the test spans
  --workers N      worker threads (default: every core)
  --sort, --top    order of the printed variants (default totalReturn) and how many (default 20)
  metrics: ${SWEEP_METRICS.join(', ')}`;

const RATE = /^\d+(\.\d+)?([eE]-?\d+)?$/;

async function main(): Promise<void> {
  let flags;
  try {
    flags = parseFlags(process.argv.slice(2), {
      strategy: { type: 'string' },
      data: { type: 'string' },
      timeframe: { type: 'string' },
      params: { type: 'string' },
      fee: { type: 'string', default: '0.001' },
      slippage: { type: 'string' },
      cash: { type: 'string', default: '10000' },
      json: { type: 'boolean', default: false },
      symbol: { type: 'string' },
      tier: { type: 'string' },
      benchmark: { type: 'string' },
      'risk-config': { type: 'string' },
      'no-risk': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      sweep: { type: 'string' },
      random: { type: 'string' },
      seed: { type: 'string' },
      'walk-forward': { type: 'string' },
      'select-by': { type: 'string' },
      workers: { type: 'string' },
      sort: { type: 'string' },
      top: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    }).values;
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (flags.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (!flags.strategy) fail(`--strategy is required\n${USAGE}`);
  if (!flags.data) fail(`--data is required\n${USAGE}`);
  const fee = rate('--fee', flags.fee, 0.5);
  const slippage = flags.slippage === undefined ? undefined : rate('--slippage', flags.slippage, 0.5);
  if (!/^\d{1,15}(\.\d+)?$/.test(flags.cash) || !(Number(flags.cash) > 0)) fail(`--cash must be a positive amount, got "${flags.cash}"`);
  const timeframe = flags.timeframe === undefined ? undefined : timeframeSchema.safeParse(flags.timeframe);
  if (timeframe && !timeframe.success) fail(`--timeframe must be one of ${timeframeSchema.options.join(', ')}, got "${flags.timeframe}"`);
  const tier = flags.tier === undefined ? undefined : liquidityTierSchema.safeParse(flags.tier);
  if (tier && !tier.success) fail(`--tier must be one of ${liquidityTierSchema.options.join(', ')}, got "${flags.tier}"`);
  let params: unknown = {};
  if (flags.params !== undefined) {
    try {
      params = JSON.parse(flags.params);
    } catch (error) {
      fail(`--params is not valid JSON (${error instanceof Error ? error.message : String(error)}): ${flags.params}`);
    }
  }
  if (flags['no-risk'] && flags['risk-config'] !== undefined) fail('--risk-config and --no-risk contradict each other: drop one');
  if (flags['no-risk'] && flags.benchmark !== undefined) fail('--benchmark feeds the risk gate\'s market regime; it has no effect with --no-risk');
  const riskConfig = flags['risk-config'] === undefined ? undefined : parseRiskFlag(flags['risk-config']);
  const common = {
    strategy: flags.strategy,
    source: { kind: 'file', path: resolve(flags.data) },
    ...(timeframe?.success ? { timeframe: timeframe.data } : {}),
    params,
    fee,
    ...(slippage !== undefined ? { slippage } : {}),
    cash: Number(flags.cash),
    ...(flags.symbol ? { symbol: flags.symbol } : {}),
    ...(tier?.success ? { tier: tier.data } : {}),
    ...(flags.benchmark ? { benchmarkFile: resolve(flags.benchmark) } : {}),
    dataDir: flags['data-dir'] ? resolve(flags['data-dir']) : defaultDataDir(),
    // A path typed here is the trader's own act; the file still runs in its sandbox.
    allowPath: true,
  } as const;
  if (flags.sweep !== undefined) {
    await sweepCommand(flags, { ...common, risk: flags['no-risk'] ? null : { config: riskConfig ?? null } });
    return;
  }
  for (const flag of ['random', 'seed', 'walk-forward', 'select-by', 'workers', 'sort', 'top'] as const) {
    if (flags[flag] !== undefined) fail(`--${flag} belongs to a sweep: add --sweep '{"fast":[5,50,5]}'`);
  }

  try {
    const prepared = await prepareBacktest({
      ...common,
      // The same risk gate as paper and live (regime, limits, breaker, cooldowns) unless --no-risk.
      ...(flags['no-risk'] ? {} : { riskGate: backtestRiskGate(riskConfig !== undefined ? { config: riskConfig } : {}) }),
    });
    const result = await runBacktestAsync(prepared.options).finally(() => prepared.close());
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(backtestJson(result))}\n`);
      return;
    }
    const m = result.metrics;
    const pct = (value: number) => `${(value * 100).toFixed(2)} %`;
    const lines = [
      `${result.strategy} on ${result.symbol} (${result.timeframe}, ${result.bars} bars) — params ${JSON.stringify(prepared.options.params)}`,
      `trades ${m.trades} (exits ${m.exits}), win rate ${pct(m.winRate)}, profit factor ${m.profitFactor === null ? 'n/a (no losing trade)' : m.profitFactor.toFixed(3)}`,
      `total return ${pct(m.totalReturn)}, max drawdown ${pct(m.maxDrawdown)}, Sharpe (daily, annualised) ${m.sharpe.toFixed(3)}`,
      `fees ${m.fees.toFixed(4)}, final value ${m.finalValue.toFixed(4)}${result.openPosition ? ` (open position ${result.openPosition.qty} at ${result.openPosition.averageEntry})` : ''}`,
      flags['no-risk'] ? 'risk gate off (--no-risk)' : `risk events: ${riskSummary(result.riskEvents)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    if (error instanceof BacktestSetupError || error instanceof StrategyError) fail(error.message);
    throw error;
  }
}

/** "regime:PANIC ×2, entry_blocked ×14" — or "none". */
function riskSummary(events: readonly { readonly kind: string }[]): string {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(event.kind, (counts.get(event.kind) ?? 0) + 1);
  return counts.size === 0 ? 'none' : [...counts].map(([kind, n]) => `${kind} ×${n}`).join(', ');
}

/** `--risk-config '{"limits":{"maxExposurePerSymbolPct":50}}'`: a partial risk configuration, validated with its schema. */
function parseRiskFlag(text: string): RiskConfigInput {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    fail(`--risk-config is not valid JSON (${error instanceof Error ? error.message : String(error)}): ${text}`);
  }
  try {
    parseRiskConfig(raw);
  } catch (error) {
    const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
    fail(`--risk-config: ${issues ? issues.map((i) => `${i.path.map(String).join('.') || 'config'}: ${i.message}`).join('; ') : String(error)}`);
  }
  return raw as RiskConfigInput;
}

function rate(flag: string, text: string, max: number): number {
  const value = Number(text);
  if (!RATE.test(text) || !(value >= 0) || value > max) fail(`${flag} must be a rate between 0 and ${max} (0.001 = 0.1 %), got "${text}"`);
  return value;
}

void main();
