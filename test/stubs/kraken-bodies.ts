import { fromUnits, type KrakenBook, type KrakenOrder, type KrakenTrade } from './kraken-book.js';

/**
 * Result objects shaped like the response schemas of docs.kraken.com (OrderInfo of
 * get-open-orders / get-closed-orders / query-orders-info, TradeInfo of get-trade-history,
 * get-ticker-information). Times are UNIX seconds with decimals, amounts decimal strings.
 */
const seconds = (ms: number): number => ms / 1000;
const dec = (units: number, places = 8): string => fromUnits(units).toFixed(places);

export function orderInfo(o: KrakenOrder, withTrades: boolean): Record<string, unknown> {
  const pd = o.pair.pairDecimals;
  // The description reads like Kraken's: "sell 0.01000000 XBTUSDT @ stop loss 45000.0 -> limit 44000.0".
  const trigger = o.ordertype.startsWith('stop-loss') ? 'stop loss' : o.ordertype.startsWith('take-profit') ? 'take profit' : null;
  const shown = trigger ? `${trigger} ${dec(o.price, pd)}${o.price2 ? ` -> limit ${dec(o.price2, pd)}` : ''}` : o.ordertype === 'limit' ? `limit ${dec(o.price, pd)}` : 'market';
  return {
    refid: null,
    userref: o.userref,
    ...(o.clOrdId !== null ? { cl_ord_id: o.clOrdId } : {}),
    status: o.status,
    opentm: seconds(o.opentm),
    starttm: 0,
    expiretm: 0,
    ...(o.status !== 'open' ? { closetm: seconds(o.closetm), reason: o.status === 'canceled' ? (o.reason ?? 'User requested') : null } : {}),
    descr: { pair: o.pair.altname, type: o.type, ordertype: o.ordertype, price: dec(o.price, pd), price2: dec(o.price2, pd), leverage: 'none', order: `${o.type} ${dec(o.volume)} ${o.pair.altname} @ ${shown}`, close: '' },
    vol: dec(o.volume),
    vol_exec: dec(o.volExec),
    cost: dec(o.cost, 5),
    fee: dec(o.fee, 5),
    price: o.volExec > 0 ? dec(Math.round((o.cost * 1e8) / o.volExec), pd) : dec(0, pd),
    stopprice: dec(o.ordertype === 'limit' || o.ordertype === 'market' ? 0 : o.price, pd),
    limitprice: dec(o.price2, pd),
    misc: '',
    oflags: 'fciq',
    ...(withTrades && o.trades.length > 0 ? { trades: o.trades } : {}),
  };
}

export function tradeInfo(t: KrakenTrade): Record<string, unknown> {
  return {
    ordertxid: t.order.txid,
    postxid: `P${t.id.slice(1)}`,
    pair: t.order.pair.id,
    time: seconds(t.time),
    type: t.order.type,
    ordertype: t.order.ordertype,
    price: dec(t.price, t.order.pair.pairDecimals),
    cost: dec(t.cost, 5),
    fee: dec(t.fee, 5),
    vol: dec(t.vol),
    margin: '0.00000',
    leverage: '0',
    misc: '',
    trade_id: Number(t.id.replace(/\D/g, '')),
    maker: t.maker,
  };
}

export function tickerInfo(book: KrakenBook, pairId: string): Record<string, unknown> {
  const last = fromUnits(book.price(pairId)).toFixed(1);
  return { a: [last, '1', '1.000'], b: [last, '1', '1.000'], c: [last, '0.01000000'], v: ['100.0', '100.0'], p: [last, last], t: [10, 10], l: [last, last], h: [last, last], o: last };
}

export function balanceEx(book: KrakenBook): Record<string, { balance: string; hold_trade: string }> {
  return Object.fromEntries(book.assets().map((asset) => [asset, { balance: dec(book.balance(asset).balance, 10), hold_trade: dec(book.balance(asset).hold, 10) }]));
}
