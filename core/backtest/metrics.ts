import { getSharpeRatio } from 'trading-signals';
import type { ClosedTrade } from '../engine/positions.js';

const DAY_MS = 86_400_000;

/**
 * Backtest metrics. Conventions (all ratios are fractions: 0.05 = 5 %):
 * - trades: closed positions (exit records grouped by trade id; partial exits of one position count once);
 * - winRate: share of those positions whose net P&L (fees of both sides included) is > 0;
 * - profitFactor: gross net profit of winners ÷ gross net loss of losers; null when there is no losing trade;
 * - totalReturn: finalValue ÷ starting cash − 1; finalValue = cash + position × last close;
 * - maxDrawdown: largest peak-to-trough fall of the equity curve marked to market at every bar's close
 *   (the starting cash is the first point);
 * - sharpe: mean ÷ population standard deviation of DAILY returns of that equity (sampled at each UTC
 *   day's last bar), × √365 (crypto trades every day), risk-free rate 0; 0 with fewer than two daily
 *   returns or no variance;
 * - weightedReturn: Σ net P&L ÷ Σ entry notional — each trade's return weighted by its size;
 * - fees: all fees paid, both sides.
 */
export interface BacktestMetrics {
  readonly trades: number;
  readonly winRate: number;
  readonly profitFactor: number | null;
  readonly totalReturn: number;
  readonly maxDrawdown: number;
  readonly sharpe: number;
  readonly fees: number;
  readonly finalValue: number;
  readonly netProfit: number;
  readonly weightedReturn: number;
  readonly exits: number;
  /** Share of bars that ended with an open position. */
  readonly exposure: number;
}

export interface MetricsInput {
  readonly trades: readonly ClosedTrade[];
  readonly totalFees: number;
  readonly initialCash: number;
  readonly finalValue: number;
  /** Equity at each bar's close and that bar's close time (`times[i] + timeOffset`), same length. */
  readonly equity: Float64Array;
  readonly times: Float64Array;
  /** Added to every entry of `times`: a backtest passes its bars' open times and the bar length. Default 0. */
  readonly timeOffset?: number;
  readonly barsInPosition: number;
}

export function computeMetrics(input: MetricsInput): BacktestMetrics {
  const byTrade = new Map<string, { pnl: number; notional: number }>();
  for (const trade of input.trades) {
    const group = byTrade.get(trade.id) ?? { pnl: 0, notional: 0 };
    group.pnl += trade.pnl;
    group.notional += trade.entryPrice * trade.qty;
    byTrade.set(trade.id, group);
  }
  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let notional = 0;
  for (const group of byTrade.values()) {
    if (group.pnl > 0) {
      wins++;
      grossProfit += group.pnl;
    } else grossLoss -= group.pnl;
    notional += group.notional;
  }
  const netProfit = grossProfit - grossLoss;
  const count = byTrade.size;
  return {
    trades: count,
    winRate: count === 0 ? 0 : wins / count,
    profitFactor: grossLoss > 0 ? grossProfit / grossLoss : null,
    totalReturn: input.finalValue / input.initialCash - 1,
    maxDrawdown: maxDrawdown(input.initialCash, input.equity),
    sharpe: dailySharpe(input.initialCash, input.equity, input.times, input.timeOffset ?? 0),
    fees: input.totalFees,
    finalValue: input.finalValue,
    netProfit,
    weightedReturn: notional > 0 ? netProfit / notional : 0,
    exits: input.trades.length,
    exposure: input.equity.length === 0 ? 0 : input.barsInPosition / input.equity.length,
  };
}

/**
 * trading-signals' getMaxDrawdown over [initialCash, ...equity], step for step (the same arithmetic, so the
 * same result), without first copying a sweep's million-bar curve into a new array for every variant.
 */
function maxDrawdown(initialCash: number, equity: Float64Array): number {
  let peak = initialCash;
  let deepest = 0;
  // The starting cash is the first peak (it has no drawdown of its own); the curve is read as plain doubles.
  for (let i = 0; i < equity.length; i++) {
    const value = equity[i]!;
    if (value > peak) peak = value;
    const drawdown = peak > 0 ? ((peak - value) / peak) * 100 : 0;
    if (drawdown > deepest) deepest = drawdown;
  }
  return deepest / 100;
}

function dailySharpe(initialCash: number, equity: Float64Array, times: Float64Array, offset: number): number {
  const closes: number[] = [initialCash];
  for (let i = 0; i < equity.length; i++) {
    const day = Math.floor((times[i]! + offset - 1) / DAY_MS);
    const nextDay = i + 1 < equity.length ? Math.floor((times[i + 1]! + offset - 1) / DAY_MS) : Number.NaN;
    if (day !== nextDay) closes.push(equity[i]!);
  }
  const returns: number[] = [];
  for (let i = 1; i < closes.length; i++) returns.push(closes[i]! / closes[i - 1]! - 1);
  // Without two returns or without variance the ratio is undefined: reported as 0 (documented above).
  if (returns.length < 2 || returns.every((r) => r === returns[0])) return 0;
  return getSharpeRatio(returns) * Math.sqrt(365);
}
