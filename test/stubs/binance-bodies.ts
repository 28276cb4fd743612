import type { Candle } from '../../core/market/candle.js';
import { tradeBody, type BinanceBook, type StubOrder } from './binance-book.js';
import { dec } from './binance-fixtures.js';

/**
 * Response bodies of the read endpoints, shaped like the examples in
 * https://github.com/binance/binance-spot-api-docs/blob/master/rest-api.md (klines, 24hr ticker,
 * symbol price ticker, current average price, account information) and, for the key check,
 * https://developers.binance.com/docs/wallet/account/api-key-permission (GET /sapi/v1/account/apiRestrictions).
 */
export function klineRows(all: readonly Candle[], interval: string, params: URLSearchParams): unknown[] {
  const limit = Math.min(1000, Number(params.get('limit') ?? 500));
  const start = params.has('startTime') ? Number(params.get('startTime')) : null;
  const end = params.has('endTime') ? Number(params.get('endTime')) : null;
  const inRange = all.filter((c) => (start === null || c.time >= start) && (end === null || c.time <= end));
  const picked = start === null ? inRange.slice(-limit) : inRange.slice(0, limit);
  const stepMs = intervalMs(interval);
  return picked.map((c) => [c.time, dec(c.open), dec(c.high), dec(c.low), dec(c.close), dec(c.volume), c.time + stepMs - 1, dec(c.volume * c.close), 10, dec(c.volume / 2), dec((c.volume * c.close) / 2), '0']);
}

/** GET /api/v3/ticker/24hr (FULL): `volume` in the base asset, `quoteVolume` in the quote asset over the last 24 h. */
export function ticker24h(symbol: string, last: number, now: number, quoteVolume: number): Record<string, unknown> {
  const volume = last > 0 ? Number((quoteVolume / last).toFixed(8)) : 0;
  return { symbol, priceChange: '0.00000000', priceChangePercent: '0.000', weightedAvgPrice: dec(last), prevClosePrice: dec(last), lastPrice: dec(last), lastQty: '0.01000000', bidPrice: dec(last), bidQty: '1.00000000', askPrice: dec(last), askQty: '1.00000000', openPrice: dec(last), highPrice: dec(last), lowPrice: dec(last), volume: dec(volume), quoteVolume: dec(quoteVolume), openTime: now - 86_400_000, closeTime: now, firstId: 1, lastId: 2, count: 2 };
}

export function accountBody(book: BinanceBook, now: number): Record<string, unknown> {
  return {
    makerCommission: 10,
    takerCommission: 10,
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
    canTrade: true,
    canWithdraw: true,
    canDeposit: true,
    brokered: false,
    requireSelfTradePrevention: false,
    preventSor: false,
    updateTime: now,
    accountType: 'SPOT',
    balances: book.balances(),
    permissions: ['SPOT'],
    uid: 354937868,
  };
}

export function apiRestrictionsBody(withdrawals: boolean, now: number): Record<string, unknown> {
  return { ipRestrict: false, createTime: now, enableReading: true, enableSpotAndMarginTrading: true, enableWithdrawals: withdrawals, enableInternalTransfer: false, enableMargin: false, enableFutures: false, permitsUniversalTransfer: false, enableVanillaOptions: false, enablePortfolioMarginTrading: false };
}

/** POST /api/v3/order's answer in the requested newOrderRespType (ACK, RESULT or FULL with its fills). */
export function createdBody(book: BinanceBook, order: StubOrder, respType: string | null, body: Record<string, unknown>): Record<string, unknown> {
  const ack = { symbol: order.symbol, orderId: order.orderId, orderListId: order.orderListId, clientOrderId: order.clientOrderId, transactTime: order.time };
  // "MARKET and LIMIT order types default to FULL, all other orders default to ACK."
  const type = respType ?? (order.type === 'MARKET' || order.type === 'LIMIT' ? 'FULL' : 'ACK');
  if (type === 'ACK') return ack;
  const result = { ...body, transactTime: order.time };
  if (type === 'RESULT') return result;
  const fills = book.trades.filter((t) => t.orderId === order.orderId).map((t) => {
    const row = tradeBody(t);
    return { price: row['price'], qty: row['qty'], commission: row['commission'], commissionAsset: t.commissionAsset, tradeId: t.id };
  });
  return { ...result, fills };
}

export function intervalMs(interval: string): number {
  const unit = interval.slice(-1);
  const count = Number(interval.slice(0, -1));
  return count * ({ m: 60_000, h: 3_600_000, d: 86_400_000 }[unit] ?? 60_000);
}
