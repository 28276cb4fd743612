import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { ApiError } from '../../core/api/errors.js';
import { apiTerminal, until } from '../helpers/api-terminal.js';

/**
 * One road for every order, through the public API on the paper account: the risk limits see the whole
 * account (every owner's positions and resting entry orders), a manual sell never sells a strategy's
 * coins, switching a strategy off cancels its working orders, and while HALTED nothing automatic is sent
 * but the trader can still close a position from its row.
 */
let current: Awaited<ReturnType<typeof apiTerminal>> | null = null;

afterEach(async () => {
  await current?.close();
  current = null;
});

async function started(): Promise<ApiClient> {
  current = await apiTerminal({ speed: 600, tickMs: 20 });
  const { api } = current;
  await until(() => api.call('risk.state', {}), (s) => !s.reconciling, 'start-up reconciliation');
  return api;
}

async function last(api: ApiClient, symbol: string): Promise<number> {
  const row = await until(() => api.call('market.watchlist', {}), (rows) => rows.some((r) => r.symbol === symbol && r.last !== null), `a ${symbol} price`);
  return row.find((r) => r.symbol === symbol)!.last!;
}

/**
 * What the caps counted when the orders went out: resting buys on `symbol` (all owners) at their limit plus positions
 * there at their cost, as % of the account at cost (cash plus positions at cost; fees leave it a hair over). Not at their mark: once a level has
 * filled, the market moves its value past the cap on the next bar, as it may (the caps hold at each placement).
 */
async function committedPct(api: ApiClient, symbol: string): Promise<number> {
  const [orders, positions, balances] = await Promise.all([api.call('orders.list', { status: 'open' }), api.call('positions.list', {}), api.call('balances.list', { account: 'paper' })]);
  const atCost = (rows: typeof positions) => rows.filter((p) => p.account === 'paper').reduce((sum, p) => sum + p.quantity * p.averageEntry, 0);
  const resting = orders.filter((o) => o.symbol === symbol && o.side === 'buy').reduce((sum, o) => sum + (o.amount - o.filled) * o.price!, 0);
  const cash = balances.find((b) => b.currency === 'USDT')!.total;
  return ((resting + atCost(positions.filter((p) => p.symbol === symbol))) / (cash + atCost(positions))) * 100;
}

/** A DCA grid that sets up within seconds on 1m bars: `levels` resting buys of 10 % of equity each. */
function hairTriggerGrid(name: string, levels: number) {
  return {
    name,
    strategy: 'dca-grid',
    params: { timeframe: '1m', dropPct: 0.5, highWindowHours: 0.25, volumeFactor: 0.5, levels, spacingPct: 1, budgetFraction: levels / 10 },
    symbols: ['BTC/USDT'],
    enabled: true,
  };
}

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ApiError);

describe('one road for every order, account-wide risk', () => {
  it('counts resting orders of every owner toward the per-symbol and total caps: two strategies and the trader together never exceed them', async () => {
    const api = await started();
    await api.call('risk.config.set', { config: { limits: { maxExposurePerSymbolPct: 20, maxExposureTotalPct: 25 } } });
    // grid-a's budget is the whole account (no cash reserve), so the risk caps are what stop it.
    await api.call('strategies.save', { ...hairTriggerGrid('grid-a', 3), enabled: false });
    await api.call('allocation.set', { account: 'paper', reservePct: 0, budgets: [{ config: 'grid-a', kind: 'percent', value: 100 }] });
    await api.call('strategies.setEnabled', { name: 'grid-a', enabled: true });
    // The grid wants 30 % of equity on BTC; the 20 % cap lets two levels rest and refuses the third.
    // All three levels go out on one bar, so the first two still rest when the third is checked: the cap counts them.
    const signals = await until(() => api.call('strategies.signals', { name: 'grid-a', limit: 50 }), (s) => s.some((x) => x.kind === 'entry_blocked' && /max exposure per symbol/.test(x.reason)), 'the third grid level refused by the cap');
    const blocked = /\(positions 0 \+ open entries ([\d.,]+) \+ this order/.exec(signals.find((x) => x.kind === 'entry_blocked')!.reason);
    expect(Number(blocked![1]!.replaceAll(',', ''))).toBeGreaterThan(1_900);
    expect(await committedPct(api, 'BTC/USDT')).toBeLessThanOrEqual(20.01);

    // A second strategy on the same symbol does not get the coin: one position per coin across configurations.
    await api.call('strategies.save', hairTriggerGrid('grid-b', 2));
    await until(() => api.call('strategies.signals', { name: 'grid-b', limit: 50 }), (s) => s.some((x) => x.kind === 'entry_blocked' && /one position per coin: BTC\/USDT is (held|being bought) by grid-a/.test(x.reason)), 'grid-b refused: grid-a has the coin');
    expect(await committedPct(api, 'BTC/USDT')).toBeLessThanOrEqual(20.01);

    // The trader's own limit buy on BTC is refused too — the reason counts grid-a's stake, whether its levels still rest or have filled meanwhile.
    const price = await last(api, 'BTC/USDT');
    const refused = await errorOf(api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: (1_500 / price).toFixed(4), price: (price * 0.9).toFixed(2) }));
    expect(refused).toMatchObject({ code: 'rejected' });
    const counted = /\(positions ([\d.,]+) \+ open entries ([\d.,]+) \+ this order/.exec(refused!.message);
    expect(refused!.message).toMatch(/^max exposure per symbol: BTC\/USDT would reach /);
    expect(Number(counted![1]!.replaceAll(',', '')) + Number(counted![2]!.replaceAll(',', ''))).toBeGreaterThan(1_900);

    // The total cap (25 %) counts BTC's 20 % too: 10 % on ETH is refused, 4 % passes.
    const eth = await last(api, 'ETH/USDT');
    const tooMuch = await errorOf(api.call('orders.place', { symbol: 'ETH/USDT', side: 'buy', type: 'limit', amount: (1_000 / eth).toFixed(4), price: (eth * 0.9).toFixed(2) }));
    expect(tooMuch!.message).toMatch(/max total exposure/);
    await expect(api.call('orders.place', { symbol: 'ETH/USDT', side: 'buy', type: 'limit', amount: (300 / (eth * 0.9)).toFixed(4), price: (eth * 0.9).toFixed(2) })).resolves.toMatchObject({ status: 'open', source: 'manual' });
  }, 90_000);

  it("refuses a manual sell of a strategy's coins, naming the strategy; its row closes it", async () => {
    const api = await started();
    await api.call('strategies.save', { name: 'sma-x', strategy: 'sma-cross', params: { fast: 2, slow: 5, stake: 0.01 }, symbols: ['BTC/USDT'], enabled: true });
    await until(() => api.call('positions.list', {}), (rows) => rows.some((p) => p.source === 'sma-x'), 'the strategy to hold BTC');
    await api.call('strategies.setEnabled', { name: 'sma-x', enabled: false });
    const row = (await api.call('positions.list', {})).find((p) => p.source === 'sma-x')!;
    expect(row.exitStatus).toBe('not enforced');
    const refused = await errorOf(api.call('orders.place', { symbol: 'BTC/USDT', side: 'sell', type: 'market', amount: '0.01' }));
    expect(refused).toMatchObject({ code: 'rejected', issues: [{ path: 'amount' }] });
    expect(refused!.message).toMatch(/you can sell at most 0 BTC on paper: sma-x holds 0\.01/);
    // Closing the strategy's position from its row is the trader's explicit act: allowed.
    const close = await api.call('positions.close', { id: row.id });
    expect(close).toMatchObject({ source: 'sma-x', side: 'sell' });
    await until(() => api.call('positions.list', {}), (rows) => !rows.some((p) => p.source === 'sma-x'), 'the position closed');
  }, 60_000);

  it('while HALTED refuses new entries and strategy sends, but the trader closes a position from its row', async () => {
    const api = await started();
    await api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01' });
    const row = await until(() => api.call('positions.list', {}), (rows) => rows.some((p) => p.source === 'manual' && p.symbol === 'BTC/USDT'), 'the manual position');
    const position = row.find((p) => p.source === 'manual')!;
    await api.call('strategies.save', hairTriggerGrid('grid-h', 1));
    await api.call('risk.emergencyStop', { source: 'button' });
    expect((await api.call('strategies.configs', {})).find((c) => c.name === 'grid-h')?.state).toBe('halted');

    const entry = await errorOf(api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01' }));
    expect(entry).toMatchObject({ code: 'halted' });
    const close = await api.call('positions.close', { id: position.id });
    expect(close).toMatchObject({ side: 'sell', source: 'manual', reason: 'manual' });
    await until(() => api.call('positions.list', {}), (rows) => !rows.some((p) => p.id === position.id), 'the position closed while HALTED');
    // Nothing of the strategy was sent while HALTED.
    expect((await api.call('orders.list', { status: 'open' })).filter((o) => o.source === 'grid-h')).toEqual([]);
    const gone = await errorOf(api.call('positions.close', { id: position.id }));
    expect(gone).toMatchObject({ code: 'not_found', issues: [{ path: 'id' }] });
  }, 60_000);

  it('names the field of bad input: an unknown account', async () => {
    const api = await started();
    const unknown = await errorOf(api.call('orders.place', { account: 'kraken:nope', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01' }));
    expect(unknown).toMatchObject({ code: 'bad_request', issues: [{ path: 'account' }] });
    expect(unknown!.message).toMatch(/no trading account "kraken:nope"/);
  }, 30_000);
});
