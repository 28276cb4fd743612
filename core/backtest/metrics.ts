import { getSharpeRatio } from 'trading-signals';
import type { ClosedTrade } from '../engine/positions.js';
import { EquityTrack } from './equity-track.js';

const DAY_MS = 86_400_000;
/**
 * Daily returns below which an annualised Sharpe is shown as "—": under a month, √365 scales a few days'
 * luck into a figure (2 days can read 40); even at 30 its standard error is still about ±3.5 (√(365/30)).
 */
export const MIN_SHARPE_RETURNS = 30;

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
 *   returns or no variance; with fewer than MIN_SHARPE_RETURNS daily returns it is still computed (the
 *   same figure) but `sharpeNote` says why it is not shown: a few days' returns scaled to a year mean nothing;
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
  /** Present when the run has too few daily returns for an annualised Sharpe: why it is shown as "—". */
  readonly sharpeNote?: string;
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
  /**
   * Equity at each bar's close, value by value or as a backtest's runs of unchanged balances; and that
   * bar's close time (`times[i] + timeOffset`), same length.
   */
  readonly equity: Float64Array | EquityTrack;
  readonly times: Float64Array;
  /** Added to every entry of `times`: a backtest passes its bars' open times and the bar length. Default 0. */
  readonly timeOffset?: number;
  readonly barsInPosition: number;
}

export function computeMetrics(input: MetricsInput): BacktestMetrics {
  const equity = input.equity instanceof EquityTrack ? input.equity : EquityTrack.of(input.equity);
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
  const closes = equity.dayCloses(input.initialCash, input.times, input.timeOffset ?? 0, DAY_MS);
  return {
    trades: count,
    winRate: count === 0 ? 0 : wins / count,
    profitFactor: grossLoss > 0 ? grossProfit / grossLoss : null,
    totalReturn: input.finalValue / input.initialCash - 1,
    maxDrawdown: equity.maxDrawdown(input.initialCash),
    sharpe: dailySharpe(closes),
    ...(closes.length - 1 < MIN_SHARPE_RETURNS ? { sharpeNote: sharpeNote(closes.length - 1) } : {}),
    fees: input.totalFees,
    finalValue: input.finalValue,
    netProfit,
    weightedReturn: notional > 0 ? netProfit / notional : 0,
    exits: input.trades.length,
    exposure: equity.length === 0 ? 0 : input.barsInPosition / equity.length,
  };
}

/** Why a run's Sharpe is not shown: `returns` daily returns, fewer than MIN_SHARPE_RETURNS. */
export function sharpeNote(returns: number): string {
  return `not annualised from ${returns} daily return${returns === 1 ? '' : 's'}: needs ${MIN_SHARPE_RETURNS} (a month of days)`;
}

/** The annualised Sharpe ratio of the daily returns between `closes` (the starting cash, then each day's last equity). */
function dailySharpe(closes: readonly number[]): number {
  const returns: number[] = [];
  for (let i = 1; i < closes.length; i++) returns.push(closes[i]! / closes[i - 1]! - 1);
  // Without two returns or without variance the ratio is undefined: reported as 0 (documented above).
  if (returns.length < 2 || returns.every((r) => r === returns[0])) return 0;
  return getSharpeRatio(returns) * Math.sqrt(365);
}
