import { apiTerminal, until } from '../test/helpers/api-terminal.js';
const show = (label: string, v: unknown) => console.log(label, JSON.stringify(v));
const fail = (p: Promise<unknown>) => p.then((v) => ({ ok: v }), (e: unknown) => ({ err: (e as Error).message, fields: (e as { fields?: unknown }).fields }));
const t = await apiTerminal();
const api = t.api;
try {
  const [row] = await until(() => api.call('market.watchlist', {}), (r) => r.length > 0 && r[0]!.last !== null, 'prices');
  show('rows', (await api.call('market.watchlist', {})).map((r) => [r.symbol, r.last]));
  const sym = 'ETH/USDT';
  const rules = await api.call('orders.ticketRules', { symbol: sym });
  show('rules', rules);
  const last = (await api.call('market.watchlist', {})).find((r) => r.symbol === sym)!.last!;
  // market buy
  show('mbuy', await fail(api.call('orders.place', { symbol: sym, side: 'buy', type: 'market', amount: '0.3' })));
  await until(() => api.call('positions.list', {}), (p) => p.length > 0, 'pos');
  show('pos', await api.call('positions.list', {}));
  show('fills', await api.call('fills.list', {}));
  // limit far below
  const lim = await api.call('orders.place', { symbol: sym, side: 'buy', type: 'limit', amount: '0.1', price: String(Math.round(last * 0.5)) });
  show('lim', lim);
  show('modify bad price', await fail(api.call('orders.modify', { clientOrderId: lim.clientOrderId, price: '-1' })));
  show('modify tiny amount', await fail(api.call('orders.modify', { clientOrderId: lim.clientOrderId, amount: '0.0000001' })));
  show('modify preview', await fail(api.call('orders.modifyPreview', { clientOrderId: lim.clientOrderId, price: '1000.123456789' })));
  const mod = await api.call('orders.modify', { clientOrderId: lim.clientOrderId, price: String(Math.round(last * 0.6)) });
  show('mod', mod);
  show('cancel', await api.call('orders.cancel', { clientOrderId: mod.clientOrderId }));
  show('cancel again', await fail(api.call('orders.cancel', { clientOrderId: mod.clientOrderId })));
  // stop limit sell below
  const stop = await fail(api.call('orders.place', { symbol: sym, side: 'sell', type: 'stop_limit', amount: '0.1', price: String(Math.round(last * 0.8)), stopPrice: String(Math.round(last * 0.81)) }));
  show('stop', stop);
  show('stop wrong side', await fail(api.call('orders.place', { symbol: sym, side: 'sell', type: 'stop_limit', amount: '0.1', price: String(Math.round(last * 1.2)), stopPrice: String(Math.round(last * 1.21)) })));
  show('sell too much', await fail(api.call('orders.place', { symbol: sym, side: 'sell', type: 'limit', amount: '5', price: String(Math.round(last * 2)) })));
  show('min notional', await fail(api.call('orders.place', { symbol: sym, side: 'buy', type: 'limit', amount: '0.0001', price: '10' })));
  const pos = (await api.call('positions.list', {}))[0]!;
  show('close part', await fail(api.call('positions.close', { id: pos.id, fraction: 0.333 })));
  await new Promise((r) => setTimeout(r, 1000));
  show('pos2', await api.call('positions.list', {}));
  show('fills2', (await api.call('fills.list', {})));
  show('orders', await api.call('orders.list', { status: 'all' }));
  show('pnl', await api.call('pnl.summary', {}));
  show('trades', await fail(api.call('trades.list', {} as never)));
  show('bal', await api.call('balances.list', {}));
} finally { await t.close(); }
