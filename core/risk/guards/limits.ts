import { ALLOW, deny, type ExposureItem, type GateOrder, type GatePortfolio, type RiskGuard } from '../guard.js';
import type { MarketSymbol } from '../../market/candle.js';
import { fmt, pctText } from '../support/format.js';

/** Size and concentration limits on new exposure: order notional, position counts, exposure, cash. */

export function quoteOf(symbol: string): string {
  return symbol.split('/')[1]?.split(':')[0] ?? '';
}

function notionalOf(order: GateOrder): number {
  return order.amount * order.price;
}

/**
 * The notional of `items` on `symbol` (null: all of them), summed in order. A loop, not a predicate:
 * every order's check made two closures here, and under tsx's keepNames each is a defineProperty call.
 */
function notionalOn(items: readonly ExposureItem[], symbol: MarketSymbol | null): number {
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (symbol === null || item.symbol === symbol) total += item.notional;
  }
  return total;
}

export const maxOrderNotionalGuard: RiskGuard = {
  name: 'max_order_notional',
  appliesTo: 'entries',
  check(order, _portfolio, { config }) {
    const limit = config.limits.maxOrderNotional;
    const notional = notionalOf(order);
    if (notional <= limit) return ALLOW;
    const quote = quoteOf(order.symbol);
    return deny(this.name, `max order notional: ${order.symbol} order of ${fmt(notional)} ${quote} (${fmt(order.amount)} × ${fmt(order.price)}) exceeds the limit of ${fmt(limit)} ${quote}`);
  },
};

const NO_SLOTS: ReadonlyMap<string, string> = new Map();

/**
 * Distinct (strategy, symbol) pairs holding a position or a resting entry order — the positions that
 * exist or are being opened — each with its strategy (the last item's, as written in order).
 */
function openSlots(portfolio: GatePortfolio): ReadonlyMap<string, string> {
  const { positions, openEntryOrders } = portfolio;
  if (positions.length === 0 && openEntryOrders.length === 0) return NO_SLOTS;
  const slots = new Map<string, string>();
  for (let i = 0; i < positions.length; i++) slots.set(`${positions[i]!.strategy}\u0000${positions[i]!.symbol}`, positions[i]!.strategy);
  for (let i = 0; i < openEntryOrders.length; i++) slots.set(`${openEntryOrders[i]!.strategy}\u0000${openEntryOrders[i]!.symbol}`, openEntryOrders[i]!.strategy);
  return slots;
}

export const maxOpenPositionsGuard: RiskGuard = {
  name: 'max_open_positions',
  appliesTo: 'entries',
  check(order, portfolio, { config }) {
    if (order.purpose !== 'enter') return ALLOW; // adding to a position does not open another one
    const slots = openSlots(portfolio);
    if (slots.has(`${order.strategy}\u0000${order.symbol}`)) return ALLOW; // its grid/position is already counted
    const total = slots.size;
    const { maxOpenPositionsTotal, maxOpenPositionsPerStrategy } = config.limits;
    if (total >= maxOpenPositionsTotal) {
      return deny(this.name, `max open positions: ${total} positions are open or being opened; the limit is ${maxOpenPositionsTotal} in total`);
    }
    let mine = 0;
    // Most orders see no slot: no iterator made for the empty map.
    if (total > 0) for (const strategy of slots.values()) if (strategy === order.strategy) mine += 1;
    if (mine >= maxOpenPositionsPerStrategy) {
      return deny('max_open_positions_per_strategy', `max open positions per strategy: ${order.strategy} has ${mine} positions open or being opened; the limit is ${maxOpenPositionsPerStrategy}`);
    }
    return ALLOW;
  },
};

export const maxExposureGuard: RiskGuard = {
  name: 'max_exposure',
  appliesTo: 'entries',
  check(order, portfolio, { config }) {
    // The quote currency is written only into a refusal (splitting the symbol on every order cost more than the check).
    const equity = portfolio.equity;
    if (!(equity > 0)) return deny(this.name, `max exposure: equity is ${fmt(equity)} ${quoteOf(order.symbol)}, so no new exposure is allowed`);
    const notional = notionalOf(order);
    const positionOnSymbol = notionalOn(portfolio.positions, order.symbol);
    const ordersOnSymbol = notionalOn(portfolio.openEntryOrders, order.symbol);
    const symbolExposure = positionOnSymbol + ordersOnSymbol + notional;
    const symbolLimit = config.limits.maxExposurePerSymbolPct;
    if ((symbolExposure / equity) * 100 > symbolLimit) {
      const quote = quoteOf(order.symbol);
      return deny(
        'max_exposure_per_symbol',
        `max exposure per symbol: ${order.symbol} would reach ${fmt(round2(symbolExposure))} ${quote} = ${pctText((symbolExposure / equity) * 100)} of equity ${fmt(round2(equity))} ${quote} ` +
          `(positions ${fmt(round2(positionOnSymbol))} + open entries ${fmt(round2(ordersOnSymbol))} + this order ${fmt(round2(notional))}); the limit is ${symbolLimit} %`,
      );
    }
    const totalExposure = notionalOn(portfolio.positions, null) + notionalOn(portfolio.openEntryOrders, null) + notional;
    const totalLimit = config.limits.maxExposureTotalPct;
    if ((totalExposure / equity) * 100 > totalLimit) {
      const quote = quoteOf(order.symbol);
      return deny(
        'max_exposure_total',
        `max total exposure: all positions and open entries would reach ${fmt(round2(totalExposure))} ${quote} = ${pctText((totalExposure / equity) * 100)} of equity ${fmt(round2(equity))} ${quote}; the limit is ${totalLimit} %`,
      );
    }
    return ALLOW;
  },
};

/** A buy needs the quote currency free now; the exchange reserves it, this only fails early with a clear reason. */
export const freeCashGuard: RiskGuard = {
  name: 'balance',
  appliesTo: 'entries',
  check(order, portfolio) {
    if (order.side !== 'buy' || portfolio.freeCash === undefined) return ALLOW;
    const notional = notionalOf(order);
    if (notional <= portfolio.freeCash + 1e-9) return ALLOW;
    const quote = quoteOf(order.symbol);
    return deny(this.name, `insufficient balance: the order needs ${fmt(round2(notional))} ${quote} but only ${fmt(round2(portfolio.freeCash))} ${quote} is free (the rest is reserved by open orders or positions)`);
  },
};

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
