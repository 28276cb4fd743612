import type { StrategyLevelView } from '../../../../core/api/contract/live-strategies';
import type { FillView, OrderView, PositionView } from '../../../../core/api/contract/trading';
import { alignToTimeframe, type Timeframe } from '../../../../core/market/candle';
import { formatAmount, formatPrice } from '../../app/format';
import { OPEN_STATUSES } from '../../stores/trading';
import { isLiveAccount } from '../../app/venue';

/** A horizontal line on the price pane. */
export interface PriceLevel {
  price: number;
  title: string;
  color: string;
  style: 'solid' | 'dashed' | 'dotted';
}

/** A fill drawn on its bar. Manual fills are arrows, the bot's are circles with the strategy name. */
export interface FillMarker {
  time: number;
  side: 'buy' | 'sell';
  manual: boolean;
  text: string;
}

export const LEVEL_COLORS = { buy: '#26a69a', sell: '#ef5350', entry: '#2962ff', stop: '#ef5350', target: '#26a69a', trailing: '#ff9800', plan: '#ab47bc', fibonacci: '#c9a227' } as const;

/** An order line's title on the chart: "BUY 0.01". */
export function orderLineLabel(order: Pick<OrderView, 'side' | 'amount'>): string {
  return `${order.side === 'buy' ? 'BUY' : 'SELL'} ${formatAmount(order.amount)}`;
}

/** Which of an order's prices a line shows: a stop-limit has two lines, its stop and its limit. */
export type OrderLeg = 'limit' | 'stop';

/**
 * The title of one of an order's lines: "BUY 0.01" for a limit order; "BUY 0.01 stop" and "BUY 0.01 limit" for a
 * stop-limit's two; with " · LIVE" after it on a live account, so a real-money line never reads like a paper one.
 */
export function orderLineTitle(order: Pick<OrderView, 'side' | 'amount' | 'type' | 'account'>, leg: OrderLeg): string {
  const title = order.type === 'stop_limit' || leg === 'stop' ? `${orderLineLabel(order)} ${leg}` : orderLineLabel(order);
  return isLiveAccount(order.account) ? `${title} · LIVE` : title;
}

/**
 * Which lines to draw for one symbol: open orders (limit and stop prices), and for the selected
 * position its average entry (labelled with its price), stop, take-profits and trailing stop. Pure
 * selection of values the core sent; no arithmetic on prices.
 */
export function tradeLevels(symbol: string, orders: readonly OrderView[], position: PositionView | undefined, priceDecimals = 2): PriceLevel[] {
  const levels: PriceLevel[] = [];
  for (const order of orders) {
    if (order.symbol !== symbol || !OPEN_STATUSES.has(order.status)) continue;
    const color = order.side === 'buy' ? LEVEL_COLORS.buy : LEVEL_COLORS.sell;
    if (order.price !== null) levels.push({ price: order.price, title: orderLineTitle(order, 'limit'), color, style: 'dashed' });
    if (order.stopPrice !== null) levels.push({ price: order.stopPrice, title: orderLineTitle(order, 'stop'), color, style: 'dotted' });
  }
  if (position && position.symbol === symbol) {
    levels.push({ price: position.averageEntry, title: `Avg entry ${formatPrice(position.averageEntry, priceDecimals)}`, color: LEVEL_COLORS.entry, style: 'solid' });
    if (position.stopLoss !== null) levels.push({ price: position.stopLoss, title: 'Stop', color: LEVEL_COLORS.stop, style: 'solid' });
    position.takeProfits.forEach((tp, index) =>
      levels.push({ price: tp.price, title: `TP${position.takeProfits.length > 1 ? index + 1 : ''} ${Math.round(tp.fraction * 100)}%`, color: LEVEL_COLORS.target, style: 'solid' }),
    );
    if (position.trailing?.active && position.trailing.stop !== null) levels.push({ price: position.trailing.stop, title: 'Trailing stop', color: LEVEL_COLORS.trailing, style: 'dashed' });
  }
  return levels;
}

/**
 * The levels running strategies plan around (DCA grid, Fibonacci, their planned exits), dotted so they
 * read as plans rather than orders; the title names the configuration (and its strategy when the name
 * does not already say it).
 */
export function strategyLevels(levels: readonly StrategyLevelView[]): PriceLevel[] {
  return levels.map((level) => {
    const who = level.config.toLowerCase().includes(level.strategy.toLowerCase()) ? level.config : `${level.config} (${level.strategy})`;
    const label = level.label.toLowerCase();
    const color = label.includes('stop')
      ? LEVEL_COLORS.stop
      : label.includes('profit') || /\btp\d?\b/.test(label)
        ? LEVEL_COLORS.target
        : level.strategy === 'fibonacci' || label.startsWith('fib')
          ? LEVEL_COLORS.fibonacci
          : LEVEL_COLORS.plan;
    return { price: level.price, title: `${who} · ${level.label}`, color, style: 'dotted' };
  });
}

/** Fill markers on the bars of the shown timeframe, oldest first (as the chart requires). */
export function fillMarkers(symbol: string, fills: readonly FillView[], timeframe: Timeframe, firstBarTime: number | null, limit = 500): FillMarker[] {
  const markers: FillMarker[] = [];
  for (const fill of fills) {
    if (fill.symbol !== symbol) continue;
    const time = alignToTimeframe(fill.time, timeframe);
    if (firstBarTime !== null && time < firstBarTime) continue;
    const manual = fill.source === 'manual';
    markers.push({ time, side: fill.side, manual, text: manual ? (fill.side === 'buy' ? 'B' : 'S') : fill.source });
    if (markers.length >= limit) break;
  }
  return markers.sort((a, b) => a.time - b.time);
}
