import type { PositionView } from '../api/contract/trading.js';
import type { Position } from '../engine/positions.js';
import type { MarketSymbol } from '../market/candle.js';

/** The figures every position row shows, from the position and the mark price (null = no price yet). */
export function positionFigures(position: Position, mark: number | null) {
  return {
    quantity: position.quantity,
    averageEntry: position.averageEntry,
    markPrice: mark,
    unrealizedPnl: mark === null ? null : (mark - position.averageEntry) * position.quantity,
    unrealizedPnlPct: mark === null ? null : ((mark - position.averageEntry) / position.averageEntry) * 100,
    realizedPnl: position.realizedPnl,
    openedAt: position.openedAt,
    tranches: position.openTranches(),
  };
}

/** A strategy configuration's position as the Positions tab shows it (id `<account>:<name>:<symbol>`), with its exits. */
export function strategyPositionView(name: string, symbol: MarketSymbol, position: Position, mark: number | null, account = 'paper'): PositionView {
  const exits = position.exits;
  return {
    id: `${account}:${name}:${symbol}`,
    account,
    symbol,
    source: name,
    ...positionFigures(position, mark),
    fees: 0,
    stopLoss: exits?.stopLoss ?? null,
    takeProfits: exits?.takeProfits.map((tp) => ({ price: tp.price, fraction: tp.fraction })) ?? [],
    trailing: exits?.trailing ? { active: exits.trailing.active, stop: Number.isFinite(exits.trailing.stop) ? exits.trailing.stop : null } : null,
  };
}
