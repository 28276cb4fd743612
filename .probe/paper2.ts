import { apiTerminal, until } from '../test/helpers/api-terminal.js';
const show = (label: string, v: unknown) => console.log(label, JSON.stringify(v));
const fail = (p: Promise<unknown>) => p.then((v) => ({ ok: v }), (e: unknown) => ({ err: (e as Error).message, issues: (e as { issues?: unknown }).issues, code: (e as {code?:string}).code }));
const t = await apiTerminal();
const api = t.api;
try {
  await until(() => api.call('market.watchlist', {}), (r) => r.length > 0 && r[0]!.last !== null, 'prices');
  const sym = 'BTC/USDT';
  const last = (await api.call('market.watchlist', {})).find((r) => r.symbol === sym)!.last!;
  await api.call('orders.place', { symbol: sym, side: 'buy', type: 'market', amount: '0.00013' });
  const pos = await until(() => api.call('positions.list', {}), (p) => p.length > 0, 'pos');
  show('reduce 25% of 0.00013', await fail(api.call('positions.close', { id: pos[0]!.id, fraction: 0.25 })));
  show('reduce 5% of 0.00013', await fail(api.call('positions.close', { id: pos[0]!.id, fraction: 0.05 })));
  const lim = await api.call('orders.place', { symbol: sym, side: 'buy', type: 'limit', amount: '0.001', price: (last * 0.5).toFixed(2) });
  show('modify same', await fail(api.call('orders.modify', { clientOrderId: lim.clientOrderId, price: lim.price!.toFixed(2) })));
  show('modify negative', await fail(api.call('orders.modify', { clientOrderId: lim.clientOrderId, price: '-5' })));
  show('modify price 0', await fail(api.call('orders.modify', { clientOrderId: lim.clientOrderId, price: '0' })));
  show('modify stopPrice on limit', await fail(api.call('orders.modify', { clientOrderId: lim.clientOrderId, stopPrice: '100' })));
  show('modify amount too big notional', await fail(api.call('orders.modify', { clientOrderId: lim.clientOrderId, amount: '100' })));
  show('modify over market (fills)', await fail(api.call('orders.modify', { clientOrderId: lim.clientOrderId, price: (last * 1.1).toFixed(2) })));
  show('open', (await api.call('orders.list', {})).map((o) => [o.type, o.price, o.amount, o.status]));
  show('place negative', await fail(api.call('orders.place', { symbol: sym, side: 'buy', type: 'limit', amount: '0.001', price: '-1' })));
  show('place sci', await fail(api.call('orders.place', { symbol: sym, side: 'buy', type: 'limit', amount: '1e-3', price: '100' })));
  show('stop buy below market', await fail(api.call('orders.place', { symbol: sym, side: 'buy', type: 'stop_limit', amount: '0.001', price: (last*0.9).toFixed(2), stopPrice: (last*0.9).toFixed(2) })));
  show('stop sell limit above stop', await fail(api.call('orders.place', { symbol: sym, side: 'sell', type: 'stop_limit', amount: '0.0001', price: (last*0.95).toFixed(2), stopPrice: (last*0.9).toFixed(2) })));
} finally { await t.close(); }
