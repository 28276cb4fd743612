import './zod-jitless.js';
import { useTraderMessages } from '../../api/trader-messages.js';
import { basename, resolve } from 'node:path';
import { backtestJson } from '../../backtest/report.js';
import { explainNoTrades } from '../../backtest/no-trades.js';
import { noiseFree } from '../../exchange/precision.js';
import { quoteMoneyDecimals } from '../../exchange/volume-tiers.js';
import { prepareBacktest, BacktestSetupError } from '../../backtest/setup.js';
import { runBacktestAsync } from '../../backtest/runner.js';
import { defaultDataDir } from '../../app/paths.js';
import { liquidityTierSchema } from '../../exchange/port.js';
import { backtestRiskGate } from '../../risk/backtest-gate.js';
import { parseRiskConfig, type RiskConfigInput } from '../../risk/config.js';
import { symbolSchema, timeframeSchema } from '../../market/candle.js';
import { symbolFromFileName, UNRECOGNISED_SYMBOL } from '../../market/sources.js';
import { StrategyError } from '../../strategies/strategy-error.js';
import { fail } from './args.js';
import { USAGE, type BacktestFlags } from './backtest-flags.js';
import { writeJsonDocument } from './json-out.js';

const RATE = /^\d+(\.\d+)?([eE]-?\d+)?$/;

// Refused parameters in the app's words ("must be at least 1"), not zod's ("Too small: expected number to be >=1").
useTraderMessages();

/** Runs a backtest (or a sweep) from parsed flags; `--help` never gets here. */
export async function backtestCommand(flags: BacktestFlags): Promise<void> {
  if (!flags.strategy) fail(`--strategy is required\n${USAGE}`);
  if (!flags.data) fail(`--data is required\n${USAGE}`);
  const fee = rate('--fee', flags.fee, 0.5);
  const slippage = flags.slippage === undefined ? undefined : rate('--slippage', flags.slippage, 0.5);
  if (!/^\d{1,15}(\.\d+)?$/.test(flags.cash) || !(Number(flags.cash) > 0)) fail(`--cash must be a positive amount, got "${flags.cash}"`);
  const timeframe = flags.timeframe === undefined ? undefined : timeframeSchema.safeParse(flags.timeframe);
  if (timeframe && !timeframe.success) fail(`--timeframe must be one of ${timeframeSchema.options.join(', ')}, got "${flags.timeframe}"`);
  // Upper-cased as the Backtests tab does (btc/usdt is BTC/USDT); anything else that is not BASE/QUOTE is named by its flag.
  const symbol = flags.symbol?.trim().toUpperCase();
  if (symbol !== undefined && !symbolSchema.safeParse(symbol).success) fail(`--symbol must look like BTC/USDT, got "${flags.symbol}"`);
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
    ...(symbol ? { symbol } : {}),
    ...(tier?.success ? { tier: tier.data } : {}),
    ...(flags.benchmark ? { benchmarkFile: resolve(flags.benchmark) } : {}),
    dataDir: flags['data-dir'] ? resolve(flags['data-dir']) : defaultDataDir(),
    // A path typed here is the trader's own act; the file still runs in its sandbox.
    allowPath: true,
  } as const;
  // On stderr: the report (text or --json) stays as it is, while the trader still sees why it says REPLAY/USD.
  if (!symbol && symbolFromFileName(flags.data) === UNRECOGNISED_SYMBOL) {
    process.stderr.write(`note: the symbol was not recognised from the file name ${basename(flags.data)}, so the run is labelled ${UNRECOGNISED_SYMBOL}; pass --symbol BASE/QUOTE (e.g. --symbol BTC/USDT) to name it\n`);
  }
  if (flags.sweep !== undefined) {
    // Loaded only for a sweep: a single backtest does not evaluate the sweep's modules and schemas.
    const { sweepCommand } = await import('./backtest-sweep.js');
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
    // One slice: nobody watches a CLI run's progress, and each slice's end costs the JIT-compiled loop a deoptimisation.
    const result = await runBacktestAsync(prepared.options, { sliceBars: Number.POSITIVE_INFINITY }).finally(() => prepared.close());
    if (flags.json) {
      writeJsonDocument(backtestJson(result));
      return;
    }
    const m = result.metrics;
    // Why nothing traded (a limit, a trader's file's own error), as the Backtests tab says it: a count of risk events does not.
    const noTrades = explainNoTrades({ trades: m.trades, bars: result.bars, openPosition: result.openPosition !== null, symbol: result.symbol, riskEvents: result.riskEvents }, parseRiskConfig(riskConfig ?? {}));
    const pct = (value: number) => `${(value * 100).toFixed(2)} %`;
    const money = moneyIn(result.symbol);
    const lines = [
      `${result.strategy} on ${result.symbol} (${result.timeframe}, ${result.bars} bars) — params ${JSON.stringify(prepared.options.params)}`,
      ...(noTrades !== null ? [noTrades] : []),
      // Net profit and exposure as the Backtests tab shows them: the closed trades' P&L after fees, the share of bars in a position.
      `trades ${m.trades} (exits ${m.exits}), win rate ${pct(m.winRate)}, profit factor ${m.profitFactor === null ? 'n/a (no losing trade)' : m.profitFactor.toFixed(3)}, net profit (closed trades) ${money(m.netProfit)}`,
      `total return ${pct(m.totalReturn)}, max drawdown ${pct(m.maxDrawdown)}, Sharpe (daily, annualised) ${m.sharpeNote === undefined ? m.sharpe.toFixed(3) : `— (${m.sharpeNote})`}`,
      `fees ${money(m.fees)}, final value ${money(m.finalValue)}${result.openPosition ? ` (open position ${result.openPosition.qty} at ${noiseFree(result.openPosition.averageEntry, result.openPosition.averageEntry, 15)})` : ''}, exposure ${pct(m.exposure)}`,
      flags['no-risk'] ? 'risk gate off (--no-risk)' : `risk events: ${riskSummary(result.riskEvents)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    if (error instanceof BacktestSetupError || error instanceof StrategyError) fail(error.message);
    throw error;
  }
}

/**
 * Money in the market's quote currency at that currency's precision: cents for the dollar, its stablecoins,
 * the euro and the pound; 8 decimals (a satoshi) for a coin quote such as BTC or ETH. Offline, the CLI knows
 * no venue's rules, so the quote's name decides. Float noise is cleared before rounding (…0.30000000000000004).
 */
function moneyIn(symbol: string): (value: number) => string {
  const decimals = quoteMoneyDecimals(symbol);
  return (value) => noiseFree(value).toFixed(decimals);
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

