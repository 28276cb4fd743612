import { describe, expect, it } from 'vitest';
import { TICKER_BATCH, venueLastPrices, type TickerVenue } from '../../../core/exchange/ccxt-last-prices.js';

/** A ccxt-shaped client answering tickers at 1 + the market's index, recording each request; `read` counts budgeted reads. */
function client(batch: boolean) {
  const requests: string[][] = [];
  let reads = 0;
  const ticker = (symbol: string) => ({ symbol, last: symbol === 'M7/USDT' ? undefined : 1 + Number(symbol.slice(1, symbol.indexOf('/'))), close: symbol === 'M7/USDT' ? 8 : undefined });
  const venue = {
    client: {
      has: { fetchTickers: batch },
      fetchTickers: (symbols: string[]) => {
        requests.push(symbols);
        return Promise.resolve(Object.fromEntries(symbols.filter((s) => s !== 'M3/USDT').map((s) => [s, ticker(s)])));
      },
      fetchTicker: (symbol: string) => {
        requests.push([symbol]);
        return Promise.resolve(ticker(symbol));
      },
    },
    read: <T>(operation: () => Promise<T>) => {
      reads += 1;
      return operation();
    },
  } as unknown as TickerVenue;
  return { venue, requests, reads: () => reads };
}

const symbols = Array.from({ length: 45 }, (_, i) => `M${i}/USDT`);

describe('venue last prices of many markets', () => {
  it('asks in batches of 20 through the budgeted read, leaving out markets with no usable price', async () => {
    const world = client(true);
    const prices = await venueLastPrices(world.venue, [...symbols, 'M1/USDT']);
    expect(TICKER_BATCH).toBe(20);
    expect(world.requests.map((r) => r.length)).toEqual([20, 20, 5]);
    expect(world.reads()).toBe(3);
    expect(prices.get('M0/USDT')).toBe(1);
    expect(prices.get('M7/USDT')).toBe(8); // no last: the close
    expect(prices.has('M3/USDT')).toBe(false); // not answered
    expect(prices.size).toBe(44);
  });

  it('asks one market at a time where the venue has no batch call', async () => {
    const world = client(false);
    const prices = await venueLastPrices(world.venue, symbols.slice(0, 3));
    expect(world.requests).toEqual([['M0/USDT'], ['M1/USDT'], ['M2/USDT']]);
    expect([...prices.values()]).toEqual([1, 2, 3]);
  });
});
