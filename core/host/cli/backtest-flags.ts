import { SWEEP_METRICS } from '../../backtest/sweep/metric-names.js';
import { fail, parseFlags } from './args.js';

/**
 * The backtest CLI's flags and usage, apart from the backtester itself: `--help` and a mistyped flag
 * are answered before the engine, the strategies and their schemas are loaded (core/host/cli/backtest.ts).
 */
const OPTIONS = {
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
    } as const;

export type BacktestFlags = ReturnType<typeof parseFlags<typeof OPTIONS>>['values'];

export const USAGE = `usage: npm run backtest -- --strategy <builtin-name|path> --data <csv> [--timeframe 1m] [--params <json>] [--fee <rate>] [--slippage <rate>] [--cash <amount>] [--json] [--symbol BASE/QUOTE] [--tier large|mid|small|meme] [--benchmark <csv>] [--risk-config <json>] [--no-risk] [--data-dir <dir>]
       npm run backtest -- --strategy <name|path> --data <csv> --sweep '{"fast":[5,50,5],"slow":[20,200,10]}' [--random N] [--seed N] [--walk-forward train=90d,test=30d] [--select-by <metric>] [--workers N] [--sort <metric>] [--top N] [...the flags above]`;

export const HELP = `${USAGE}

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
  --walk-forward   train=90d,test=30d: each fold picks its best variant by --select-by (default sharpe) on the train span; every span's figures are a backtest of it alone (flat, warmed up on the bars before)
  --workers N      worker threads (default: every core; at most 4 per core and what half the free memory holds)
  --sort, --top    order of the printed variants (default totalReturn) and how many (default 20)
  metrics: ${SWEEP_METRICS.join(', ')}`;

/** The command line's flags, strictly: an unknown flag or a missing value exits with the usage. */
export function parseBacktestFlags(argv: string[]): BacktestFlags {
  try {
    return parseFlags(argv, OPTIONS).values;
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}
