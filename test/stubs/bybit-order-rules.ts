import type { BybitBook, BybitOrder } from './bybit-book.js';
import { STUB_LEVERAGE, TAKER_FEE } from './bybit-fixtures.js';
import { BybitApiError, paramsError } from './bybit-rules.js';

/**
 * POST /v5/order/create's rules for `category=linear`, from docs/v5/order/create-order.mdx and the
 * codes of docs/v5/error.mdx: qty on the lot-size filter's step and within min/max (market orders
 * within maxMktOrderQty), price on the tick, `positionIdx` 0 in one-way mode, `orderLinkId` up to 36
 * of [A-Za-z0-9-_], a conditional order needs `triggerDirection` and a trigger on the right side of
 * the market (110092/110093), "When reduceOnly is true, take profit/stop loss cannot be set",
 * a reduce-only order needs a position to reduce (110017), notional at least minNotionalValue
 * (110094), and initial margin plus fee within the available balance (110007).
 */
export type NewBybitOrder = Omit<BybitOrder, 'orderId' | 'cumExecQty' | 'cumExecValue' | 'cumExecFee' | 'orderStatus' | 'cancelType' | 'rejectReason' | 'createdTime' | 'updatedTime'>;

const SCALE = 1e8;
const DECIMAL = /^\d+(\.\d+)?$/;
const units = (value: string): number => Math.round(Number(value) * SCALE);

export function checkNewOrder(book: BybitBook, params: Readonly<Record<string, unknown>>): NewBybitOrder {
  if (params['category'] !== 'linear') throw paramsError(`category '${String(params['category'])}': this venue lists linear instruments only`);
  const instrument = book.instrument(params['symbol']);
  const side = params['side'];
  const orderType = params['orderType'];
  if (side !== 'Buy' && side !== 'Sell') throw paramsError('side invalid');
  if (orderType !== 'Market' && orderType !== 'Limit') throw paramsError('orderType invalid');
  const qty = decimal(params, 'qty');
  const step = units(instrument.qtyStep);
  if (qty % step !== 0) throw paramsError(`qty ${String(params['qty'])} is not a multiple of qtyStep ${instrument.qtyStep}`);
  if (qty < units(instrument.minOrderQty)) throw paramsError(`qty ${String(params['qty'])} is below minOrderQty ${instrument.minOrderQty}`);
  if (qty > units(orderType === 'Market' ? instrument.maxMktOrderQty : instrument.maxOrderQty)) throw paramsError(`qty ${String(params['qty'])} is above the maximum order qty`);
  const price = orderType === 'Limit' ? decimal(params, 'price') : 0;
  if (orderType === 'Limit' && (price % units(instrument.tickSize) !== 0 || price < units(instrument.minPrice) || price > units(instrument.maxPrice))) {
    throw paramsError(`price ${String(params['price'])} is not on tickSize ${instrument.tickSize} within [${instrument.minPrice}, ${instrument.maxPrice}]`);
  }
  const positionIdx = params['positionIdx'] ?? 0;
  if (positionIdx !== 0 && positionIdx !== '0') throw paramsError('position idx not match position mode');
  const orderLinkId = params['orderLinkId'] === undefined ? '' : String(params['orderLinkId']);
  if (orderLinkId && !/^[A-Za-z0-9_-]{1,36}$/.test(orderLinkId)) throw paramsError('orderLinkId: a max of 36 characters of numbers, letters, dashes and underscores');
  const reduceOnly = flag(params, 'reduceOnly');
  const closeOnTrigger = flag(params, 'closeOnTrigger');
  const takeProfit = params['takeProfit'] === undefined ? 0 : decimal(params, 'takeProfit');
  const stopLoss = params['stopLoss'] === undefined ? 0 : decimal(params, 'stopLoss');
  if (reduceOnly && (takeProfit > 0 || stopLoss > 0)) throw paramsError('when reduceOnly is true, take profit/stop loss cannot be set');
  const last = book.price(instrument.symbol);
  const trigger = triggerOf(params, last);
  const base = trigger.triggerPrice || price || last;
  checkTpSl(side, takeProfit, stopLoss, base);
  const timeInForce = orderType === 'Market' ? 'IOC' : String(params['timeInForce'] ?? 'GTC');
  if (!['GTC', 'IOC', 'FOK', 'PostOnly', 'RPI'].includes(timeInForce)) throw paramsError('timeInForce invalid');
  const notional = Math.round((qty * base) / SCALE);
  if (reduceOnly) {
    const size = book.position(instrument.symbol).size;
    const reduces = (side === 'Sell' && size > 0) || (side === 'Buy' && size < 0);
    if (!reduces && trigger.triggerPrice === 0) throw new BybitApiError(110017, 'orderQty will be truncated to zero');
  } else {
    if (notional < units(instrument.minNotionalValue)) throw new BybitApiError(110094, 'Order notional value below the lower limit');
    const margin = Math.round(notional / STUB_LEVERAGE) + Math.round(notional * TAKER_FEE);
    if (trigger.triggerPrice === 0 && margin > book.available()) throw new BybitApiError(110007, 'Available balance is insufficient');
  }
  return { symbol: instrument.symbol, side, orderType, price, qty, timeInForce, orderLinkId, reduceOnly, closeOnTrigger, takeProfit, stopLoss, stopOrderType: trigger.triggerPrice > 0 ? 'Stop' : '', ...trigger };
}

function triggerOf(params: Readonly<Record<string, unknown>>, last: number): { triggerPrice: number; triggerDirection: 0 | 1 | 2 } {
  if (params['triggerPrice'] === undefined) return { triggerPrice: 0, triggerDirection: 0 };
  const triggerPrice = decimal(params, 'triggerPrice');
  const direction = Number(params['triggerDirection']);
  if (direction !== 1 && direction !== 2) throw paramsError('triggerDirection must be 1 (rise) or 2 (fall) for a conditional order');
  const shown = (value: number) => String(value / SCALE);
  if (direction === 1 && triggerPrice <= last) throw new BybitApiError(110092, `expect Rising, but trigger_price[${shown(triggerPrice)}] <= current[${shown(last)}]??LastPrice`);
  if (direction === 2 && triggerPrice >= last) throw new BybitApiError(110093, `expect Falling, but trigger_price[${shown(triggerPrice)}] >= current[${shown(last)}]??LastPrice`);
  return { triggerPrice, triggerDirection: direction };
}

/** A long's take-profit above and stop-loss below the base price; a short's the other way round. */
function checkTpSl(side: 'Buy' | 'Sell', takeProfit: number, stopLoss: number, base: number): void {
  const shown = (value: number) => String(value / SCALE);
  const long = side === 'Buy';
  if (takeProfit > 0 && (long ? takeProfit <= base : takeProfit >= base)) throw paramsError(`TakeProfit:${shown(takeProfit)} set for ${side} position should be ${long ? 'higher' : 'lower'} than base_price:${shown(base)}??LastPrice`);
  if (stopLoss > 0 && (long ? stopLoss >= base : stopLoss <= base)) throw paramsError(`StopLoss:${shown(stopLoss)} set for ${side} position should be ${long ? 'lower' : 'higher'} than base_price:${shown(base)}??LastPrice`);
}

function decimal(params: Readonly<Record<string, unknown>>, name: string): number {
  const value = params[name];
  if (typeof value !== 'string' || !DECIMAL.test(value) || Number(value) <= 0) throw paramsError(`'${name}' must be a positive decimal string`);
  return units(value);
}

function flag(params: Readonly<Record<string, unknown>>, name: string): boolean {
  const value = params[name];
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw paramsError(`'${name}' must be a boolean`);
  return value;
}
