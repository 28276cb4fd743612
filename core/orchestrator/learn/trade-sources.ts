import { runBacktestAsync } from '../../backtest/runner.js';
import type { ClosedTrade } from '../../engine/positions.js';
import type { LiquidityTier } from '../../exchange/port.js';
import type { Candle, MarketSymbol } from '../../market/candle.js';
import type { StrategyConfigRecord } from '../../runner/config-record.js';
import type { RunnableStrategy } from '../../strategies/contract.js';
import { NEUTRAL_SCORE } from '../desk.js';
import { setupFeatures } from '../features.js';
import type { LaneReadout } from '../tuning/evaluate.js';
import type { LoggedTrade } from './service.js';

/** A whole trade from its exits (partial exits share the trade id): entered at the first entry, closed at the last exit. */
export interface WholeTrade {
  readonly id: string;
  readonly symbol: MarketSymbol;
  readonly entryTime: number;
  readonly exitTime: number;
  readonly cost: number;
  readonly pnl: number;
}

export function wholeTrades(exits: readonly ClosedTrade[]): WholeTrade[] {
  const byId = new Map<string, { id: string; symbol: MarketSymbol; entryTime: number; exitTime: number; cost: number; pnl: number }>();
  for (const exit of exits) {
    const trade = byId.get(exit.id) ?? { id: exit.id, symbol: exit.symbol, entryTime: exit.entryTime, exitTime: exit.exitTime, cost: 0, pnl: 0 };
    trade.entryTime = Math.min(trade.entryTime, exit.entryTime);
    trade.exitTime = Math.max(trade.exitTime, exit.exitTime);
    trade.cost += exit.qty * exit.entryPrice;
    trade.pnl += exit.pnl;
    byId.set(exit.id, trade);
  }
  return [...byId.values()];
}

function logged(record: StrategyConfigRecord, source: 'shadow' | 'backtest', ref: string, trade: { symbol: MarketSymbol; entryTime: number; exitTime: number; cost: number; pnl: number }, bars: readonly Candle[], reason: string): LoggedTrade {
  const features = setupFeatures(trade.symbol, bars, trade.entryTime, NEUTRAL_SCORE);
  return {
    time: trade.entryTime,
    account: record.account,
    config: record.name,
    strategy: record.strategy,
    version: record.version,
    symbol: trade.symbol,
    source,
    reason,
    score: null,
    threshold: null,
    modelScore: null,
    features: features.values,
    featureTimes: features.times,
    tradeId: null,
    ref,
    outcome: { ret: trade.cost > 0 ? trade.pnl / trade.cost : 0, pnl: trade.pnl, closedAt: trade.exitTime },
  };
}

/**
 * The closed trades of a configuration's shadow variants (the champion mirrors the configuration's own
 * trades and is left out), with the features known at each entry.
 */
export function shadowTrades(record: StrategyConfigRecord, lanes: readonly LaneReadout[], bars: (symbol: MarketSymbol) => readonly Candle[]): LoggedTrade[] {
  const trades: LoggedTrade[] = [];
  for (const lane of lanes) {
    if (lane.champion) continue;
    for (const trade of lane.trades) {
      trades.push(logged(record, 'shadow', `${lane.id}|${trade.id}|${trade.entryTime}`, trade, bars(trade.symbol), `shadow variant ${lane.id} took it`));
    }
  }
  return trades;
}

export interface BacktestSource {
  readonly definition: RunnableStrategy;
  readonly builtin: boolean;
  readonly bars: (symbol: MarketSymbol) => readonly Candle[];
  readonly tier: (symbol: MarketSymbol) => LiquidityTier;
  readonly cash: number;
}

/** What the configuration's current parameters take in a backtest over the bars the book holds (a week at most). */
export async function backtestTrades(record: StrategyConfigRecord, source: BacktestSource): Promise<LoggedTrade[]> {
  const trades: LoggedTrade[] = [];
  for (const symbol of record.symbols) {
    const candles = source.bars(symbol);
    if (candles.length < 120) continue;
    const result = await runBacktestAsync(
      { strategy: source.definition, params: record.params, candles, timeframe: '1m', symbol, cash: source.cash, fee: 0.001, tier: source.tier(symbol), validateIntents: !source.builtin },
      { sliceBars: 5_000 },
    );
    for (const trade of wholeTrades(result.trades)) {
      trades.push(logged(record, 'backtest', `v${record.version}|${symbol}|${trade.entryTime}`, trade, candles, `backtest of v${record.version} over the last ${candles.length} bars`));
    }
  }
  return trades;
}
