import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { ApiError } from '../../core/api/errors.js';
import { apiTerminal, until } from '../helpers/api-terminal.js';

/** The full order ticket through the public API on one paper Terminal: options, modify, bracket. */
let current: Awaited<ReturnType<typeof apiTerminal>>;
let api: ApiClient;

async function refusal(call: Promise<unknown>): Promise<ApiError> {
  const error = await call.then(() => null, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

async function lastPrice(symbol: string): Promise<number> {
  const rows = await until(() => api.call('market.watchlist', {}), (list) => list.some((row) => row.symbol === symbol && row.last !== null), 'a price');
  return rows.find((row) => row.symbol === symbol)!.last!;
}

beforeAll(async () => {
  current = await apiTerminal({ speed: 600, tickMs: 20 });
  api = current.api;
  await until(() => api.call('risk.state', {}), (s) => !s.reconciling, 'start-up reconciliation');
});

afterAll(async () => {
  await current?.close();
});

describe('order ticket (API)', () => {
  it('tells the ticket the market steps, fee rates and the order options the account takes', async () => {
    const rules = await api.call('orders.ticketRules', { symbol: 'BTC/USDT' });
    expect(rules).toMatchObject({ symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', postOnly: true, timeInForce: ['GTC', 'IOC', 'FOK'] });
    expect(rules.takerFee).toBeGreaterThan(0);
  });

  it('refuses a post-only buy that would take, naming why, and options a market order cannot have', async () => {
    const last = await lastPrice('BTC/USDT');
    const taking = await refusal(api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.01', price: String(Math.ceil(last * 1.01)), postOnly: true }));
    expect(taking.message).toMatch(/post-only: a buy at [\d.]+ is at or above the last price [\d.]+, so it would take liquidity at once/);
    const market = await refusal(api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01', timeInForce: 'FOK' }));
    expect(market.issues).toEqual([{ path: 'timeInForce', message: 'FOK is for limit orders only' }]);
  });

  it('IOC far from the market expires at once, unfilled', async () => {
    const last = await lastPrice('BTC/USDT');
    const order = await api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.01', price: (last * 0.5).toFixed(2), timeInForce: 'IOC' });
    const orders = await until(() => api.call('orders.list', { status: 'all' }), (list) => list.some((o) => o.clientOrderId === order.clientOrderId && o.status === 'expired'), 'the IOC to expire');
    expect(orders.find((o) => o.clientOrderId === order.clientOrderId)!.filled).toBe(0);
  });

  it('modifies a working order by cancel/replace under a new client id, both journaled; a gone order is not replaced', async () => {
    const last = await lastPrice('ETH/USDT');
    const first = await api.call('orders.place', { symbol: 'ETH/USDT', side: 'buy', type: 'limit', amount: '0.1', price: (last * 0.8).toFixed(2) });
    const moved = await api.call('orders.modify', { clientOrderId: first.clientOrderId, price: (last * 0.7).toFixed(2), amount: '0.2' });
    expect(moved.clientOrderId).not.toBe(first.clientOrderId);
    expect(moved).toMatchObject({ symbol: 'ETH/USDT', side: 'buy', type: 'limit', amount: 0.2, price: Number((last * 0.7).toFixed(2)), reason: `manual order (replaces ${first.clientOrderId})` });
    const all = await api.call('orders.list', { status: 'all' });
    expect(all.find((o) => o.clientOrderId === first.clientOrderId)!.status).toBe('canceled');
    const again = await refusal(api.call('orders.modify', { clientOrderId: first.clientOrderId, price: '1' }));
    expect(again.message).toBe('ETH/USDT order is canceled, not working — nothing to modify');
    await api.call('orders.cancel', { clientOrderId: moved.clientOrderId });
  });

  it('a modify the road would refuse leaves the working order as it was: a take-profit sell over what is held, a buy over the max order notional', async () => {
    const last = await lastPrice('XRP/USDT');
    await api.call('orders.place', { symbol: 'XRP/USDT', side: 'buy', type: 'market', amount: '100' });
    await until(() => api.call('positions.list', {}), (list) => list.some((p) => p.symbol === 'XRP/USDT'), 'the XRP position');
    const takeProfit = await api.call('orders.place', { symbol: 'XRP/USDT', side: 'sell', type: 'limit', amount: '100', price: (last * 1.5).toFixed(4) });
    // A slip of the finger (1000 for 100): more than the position holds — refused before the exit is touched.
    const oversold = await refusal(api.call('orders.modify', { clientOrderId: takeProfit.clientOrderId, amount: '1000' }));
    expect(oversold.message).toMatch(/^you can sell at most 100 XRP on paper: .* — the order was not changed$/);
    expect(oversold.issues).toEqual([{ path: 'amount', message: expect.stringMatching(/^you can sell at most 100 XRP/) }]);
    const open = () => api.call('orders.list', { status: 'open' }).then((list) => list.map((o) => [o.clientOrderId, o.amount]));
    expect(await open()).toContainEqual([takeProfit.clientOrderId, 100]);
    const entry = await api.call('orders.place', { symbol: 'XRP/USDT', side: 'buy', type: 'limit', amount: '100', price: (last * 0.5).toFixed(4) });
    const overLimit = await refusal(api.call('orders.modify', { clientOrderId: entry.clientOrderId, amount: '100000000' }));
    expect(overLimit.message).toMatch(/^max order notional: .* — the order was not changed$/);
    expect(overLimit.issues).toEqual([{ path: 'amount', message: overLimit.message }]);
    expect(await open()).toEqual(expect.arrayContaining([[takeProfit.clientOrderId, 100], [entry.clientOrderId, 100]]));
    // Within the rules the same modify goes through: the buy's own reservation is not counted twice.
    const moved = await api.call('orders.modify', { clientOrderId: entry.clientOrderId, amount: '200' });
    expect(moved).toMatchObject({ amount: 200, reason: `manual order (replaces ${entry.clientOrderId})` });
    await api.call('orders.cancel', { clientOrderId: moved.clientOrderId });
    await api.call('orders.cancel', { clientOrderId: takeProfit.clientOrderId });
    await api.call('orders.place', { symbol: 'XRP/USDT', side: 'sell', type: 'market', amount: '100' });
  });

  it('a resting entry\'s bracket follows it through a modify and guards the position once it fills', async () => {
    const last = await lastPrice('ETH/USDT');
    const [stopLoss, takeProfit] = [Number((last * 0.5).toFixed(2)), Number((last * 2).toFixed(2))];
    const resting = await api.call('orders.place', { symbol: 'ETH/USDT', side: 'buy', type: 'limit', amount: '0.1', price: (last * 0.8).toFixed(2), stopLoss: String(stopLoss), takeProfit: String(takeProfit) });
    const under = await refusal(api.call('orders.modify', { clientOrderId: resting.clientOrderId, price: (last * 0.4).toFixed(2) }));
    expect(under.issues).toEqual([{ path: 'price', message: expect.stringMatching(/^stop loss must be below the entry price [\d.]+ for a buy$/) }]);
    // Moved over the market, it fills: the position carries the bracket given with the first order.
    const moved = await api.call('orders.modify', { clientOrderId: resting.clientOrderId, price: (last * 1.05).toFixed(2) });
    const positions = await until(() => api.call('positions.list', {}), (list) => list.some((p) => p.symbol === 'ETH/USDT'), 'the moved entry to fill');
    expect(positions.find((p) => p.symbol === 'ETH/USDT')).toMatchObject({ stopLoss, exitStatus: 'enforced' });
    const fills = await api.call('fills.list', { symbol: 'ETH/USDT' });
    expect(fills.map((f) => f.clientOrderId)).toEqual([moved.clientOrderId]);
    // With the market's price decimals (its 0.01 tick), so the desk shows the price right whether ETH is watched or not.
    expect(fills[0]!.priceDecimals).toBe(2);
    await api.call('orders.place', { symbol: 'ETH/USDT', side: 'sell', type: 'market', amount: '0.1' });
    await until(() => api.call('positions.list', {}), (list) => !list.some((p) => p.symbol === 'ETH/USDT'), 'the position closed');
  });

  it('checks a bracket against the entry per field, then enforces it as the position\'s exits', async () => {
    const last = await lastPrice('SOL/USDT');
    const wrong = await refusal(api.call('orders.place', { symbol: 'SOL/USDT', side: 'buy', type: 'limit', amount: '1', price: last.toFixed(2), stopLoss: (last * 1.1).toFixed(2), takeProfit: (last * 0.9).toFixed(2) }));
    expect(wrong.issues?.map((issue) => issue.path)).toEqual(['stopLoss', 'takeProfit']);
    expect(wrong.issues?.[0]?.message).toMatch(/^must be below the entry price [\d.]+ USDT for a buy$/);
    // A bracket far from the market: the position row shows it as enforced exits.
    const order = await api.call('orders.place', { symbol: 'SOL/USDT', side: 'buy', type: 'market', amount: '1', stopLoss: (last * 0.5).toFixed(2), takeProfit: (last * 1.5).toFixed(2) });
    const positions = await until(() => api.call('positions.list', {}), (list) => list.some((p) => p.symbol === 'SOL/USDT'), 'the bracketed position');
    const position = positions.find((p) => p.symbol === 'SOL/USDT')!;
    expect(position.stopLoss).toBe(Number((last * 0.5).toFixed(2)));
    expect(position.exitStatus).toBe('enforced');
    expect(position.protection).toBe('stop held by Halyard only: the paper account');
    // A second buy with a bracket a hair either side of the market replaces the first: the simulated
    // market leaves that band within a few bars, either way, and the whole position is sold by the exit it hits.
    const now = await lastPrice('SOL/USDT');
    const stopLoss = Number((now * 0.999).toFixed(2));
    const takeProfit = Number((now * 1.001).toFixed(2));
    await api.call('orders.place', { symbol: 'SOL/USDT', side: 'buy', type: 'market', amount: '1', stopLoss: String(stopLoss), takeProfit: String(takeProfit) });
    const closed = await until(() => api.call('fills.list', { symbol: 'SOL/USDT' }), (fills) => fills.some((f) => f.side === 'sell'), 'the bracket to close it', 60_000);
    await until(() => api.call('positions.list', {}), (list) => !list.some((p) => p.symbol === 'SOL/USDT'), 'the position closed');
    const exit = closed.find((f) => f.side === 'sell')!;
    expect(['take_profit', 'stop_loss']).toContain(exit.exitReason);
    const fills = await api.call('fills.list', { symbol: 'SOL/USDT' });
    expect(fills.map((f) => [f.side, f.amount, f.exitReason])).toEqual([['buy', 1, null], ['buy', 1, null], ['sell', 2, exit.exitReason]]);
    expect(fills[0]!.clientOrderId).toBe(order.clientOrderId);
  });
});
