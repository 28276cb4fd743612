import { afterEach, describe, expect, it, vi } from 'vitest';
import { HoldingPrices, REFRESH_MS, STALE_AFTER_MS } from '../../../core/accounts/holding-prices.js';
import type { Balance } from '../../../core/exchange/port.js';

/** A venue that lists a few markets and answers its last prices, counting what it is asked. */
function venueWorld(balances: Balance[]) {
  const markets = new Map<string, { minAmount: number | null }>([
    ['BTC/USDT', { minAmount: 0.0001 }],
    ['ETH/USDT', { minAmount: 0.0001 }],
    ['ABC/BTC', { minAmount: 1 }],
  ]);
  const prices = new Map([['BTC/USDT', 50_000], ['ETH/USDT', 3_000], ['ABC/BTC', 0.0002]]);
  const asked: string[][] = [];
  let failing: Error | null = null;
  let clock = 1_000_000;
  const problems: string[] = [];
  const spells: string[] = [];
  const holdings = new HoldingPrices({
    venue: 'binance',
    markets: () => Promise.resolve(markets),
    lastPrices: (symbols) => {
      asked.push([...symbols]);
      if (failing) return Promise.reject(failing);
      return Promise.resolve(new Map(symbols.flatMap((s) => (prices.has(s) ? [[s, prices.get(s)!] as const] : []))));
    },
    balances: () => balances,
    quote: () => 'USDT',
    now: () => clock,
    onProblem: (message) => problems.push(message),
    onStale: (_message, since) => spells.push(`stale since ${since}`),
    onFresh: () => spells.push('fresh'),
  });
  return { holdings, prices, asked, problems, spells, fail: (error: Error | null) => (failing = error), advance: (ms: number) => (clock += ms) };
}

const held = (currency: string, total: number): Balance => ({ currency, free: total, used: 0, total });

afterEach(() => vi.useRealTimers());

describe('venue prices of a live account’s holdings', () => {
  it('asks for every held coin’s markets in one request and values each by its route', async () => {
    const world = venueWorld([held('USDT', 100), held('BTC', 1), held('ETH', 2), held('ABC', 50), held('XYZ', 5)]);
    await world.holdings.refresh();
    expect(world.asked).toEqual([['BTC/USDT', 'ETH/USDT', 'ABC/BTC']]);
    expect(world.holdings.price('ETH', 2)).toMatchObject({ kind: 'priced', price: 3_000 });
    // ABC through BTC: 0.0002 × 50,000.
    expect(world.holdings.price('ABC', 50)).toMatchObject({ kind: 'priced', price: 10 });
    expect(world.holdings.price('XYZ', 5)).toEqual({ kind: 'unvalued', reason: 'binance lists no XYZ market against USDT, directly or through BTC, ETH, USDC, BNB', never: true });
  });

  it('calls a holding below its market’s minimum order dust when the venue gives no price, and says so otherwise', async () => {
    const world = venueWorld([held('ETH', 0.00005), held('BTC', 1)]);
    world.prices.delete('ETH/USDT');
    await world.holdings.refresh();
    expect(world.holdings.price('ETH', 0.00005)).toEqual({ kind: 'dust' });
    expect(world.holdings.price('ETH', 3)).toEqual({ kind: 'unvalued', reason: 'binance gave no price of ETH/USDT' });
  });

  it('keeps the last prices when a refresh fails, tells the problem once, and names it for a coin never priced', async () => {
    const balances = [held('BTC', 1)];
    const world = venueWorld(balances);
    await world.holdings.refresh();
    world.fail(new Error('429 Too Many Requests'));
    balances.push(held('ETH', 2));
    await world.holdings.refresh();
    await world.holdings.refresh();
    expect(world.holdings.price('BTC', 1)).toMatchObject({ kind: 'priced', price: 50_000 });
    expect(world.holdings.price('ETH', 2)).toEqual({ kind: 'unvalued', reason: 'no binance price of ETH: 429 Too Many Requests' });
    expect(world.problems).toEqual(["could not read binance's prices of the account's holdings: 429 Too Many Requests"]);
  });

  it('prices a coin that appears between refreshes soon after it is first asked for, not on every reading', async () => {
    const balances = [held('BTC', 1)];
    const world = venueWorld(balances);
    await world.holdings.refresh();
    balances.push(held('ETH', 2));
    expect(world.holdings.price('ETH', 2)).toEqual({ kind: 'unvalued', reason: "waiting for binance's price of ETH" });
    expect(world.holdings.price('ETH', 2).kind).toBe('unvalued');
    await world.holdings.refresh();
    expect(world.asked).toHaveLength(2);
    expect(world.holdings.price('ETH', 2)).toMatchObject({ kind: 'priced', price: 3_000 });
  });

  it('prices a coin asked for though no longer held (a day start still waits for it) at the next refresh, and drops it once no longer asked', async () => {
    const world = venueWorld([held('BTC', 1)]);
    await world.holdings.refresh();
    expect(world.holdings.price('ETH', 0).kind).toBe('unvalued');
    await world.holdings.refresh();
    expect(world.asked.at(-1)).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(world.holdings.price('ETH', 0)).toMatchObject({ kind: 'priced', price: 3_000 });
    await world.holdings.refresh();
    await world.holdings.refresh();
    expect(world.asked.at(-1)).toEqual(['BTC/USDT']);
  });

  it('refreshes once a minute while started, with the venue’s new prices', async () => {
    vi.useFakeTimers();
    const world = venueWorld([held('BTC', 1)]);
    await world.holdings.refresh();
    world.holdings.start();
    world.prices.set('BTC/USDT', 51_000);
    await vi.advanceTimersByTimeAsync(REFRESH_MS - 1);
    expect(world.asked).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(world.asked).toHaveLength(2);
    expect(world.holdings.price('BTC', 1)).toMatchObject({ kind: 'priced', price: 51_000 });
    world.holdings.stop();
    await vi.advanceTimersByTimeAsync(REFRESH_MS * 3);
    expect(world.asked).toHaveLength(2);
  });

  it('keeps a price that stops refreshing, marks it stale past STALE_AFTER_MS, and tells each change once', async () => {
    const world = venueWorld([held('BTC', 1)]);
    await world.holdings.refresh();
    world.fail(new Error('503 Service Unavailable'));
    world.advance(STALE_AFTER_MS);
    await world.holdings.refresh();
    expect(world.holdings.price('BTC', 1)).toEqual({ kind: 'priced', price: 50_000, at: 1_000_000, stale: false });
    world.advance(1);
    expect(world.holdings.price('BTC', 1)).toEqual({ kind: 'priced', price: 50_000, at: 1_000_000, stale: true });
    await world.holdings.refresh();
    world.advance(REFRESH_MS);
    expect(world.holdings.price('BTC', 1)).toMatchObject({ price: 50_000, stale: true });
    expect(world.spells).toEqual(['stale since 1000000']);
    world.fail(null);
    await world.holdings.refresh();
    expect(world.holdings.price('BTC', 1)).toMatchObject({ price: 50_000, stale: false });
    expect(world.spells).toEqual(['stale since 1000000', 'fresh']);
  });
});
