import { describe, expect, it } from 'vitest';
import { isOlderReport, mergeBalanceRead, newerReport } from '../../../core/exchange/account-progress.js';
import type { Balance, OrderStatus } from '../../../core/exchange/port.js';

const state = (status: OrderStatus, filled: number) => ({ status, filled });

describe('an order report older than what is known', () => {
  it('is one with a lower filled amount, whatever its status', () => {
    expect(isOlderReport(state('partially_filled', 0.001), state('open', 0))).toBe(true);
    expect(isOlderReport(state('partially_filled', 0.002), state('partially_filled', 0.001))).toBe(true);
    expect(isOlderReport(state('filled', 0.002), state('canceled', 0.001))).toBe(true);
  });

  it('is one that reopens an ended order, even at the same filled amount', () => {
    for (const ended of ['filled', 'canceled', 'rejected', 'expired'] as const) {
      expect(isOlderReport(state(ended, 0.001), state('partially_filled', 0.001))).toBe(true);
      expect(isOlderReport(state(ended, 0), state('open', 0))).toBe(true);
    }
  });

  it('is not one that moves the order forward or repeats it', () => {
    expect(isOlderReport(state('open', 0), state('open', 0))).toBe(false);
    expect(isOlderReport(state('open', 0), state('partially_filled', 0.001))).toBe(false);
    expect(isOlderReport(state('partially_filled', 0.001), state('filled', 0.002))).toBe(false);
    expect(isOlderReport(state('partially_filled', 0.001), state('canceled', 0.001))).toBe(false);
    expect(isOlderReport(state('filled', 0.002), state('filled', 0.002))).toBe(false);
  });
});

describe('an order report as news', () => {
  it('ends a part-filled order when the end arrives without its cumulative fill, keeping the filled amount known', () => {
    expect(newerReport(state('partially_filled', 0.001), state('canceled', 0))).toEqual(state('canceled', 0.001));
    expect(newerReport(state('open', 0), state('canceled', 0))).toEqual(state('canceled', 0));
  });

  it('is the report itself for an order not known yet or moved forward, and nothing for an older one', () => {
    expect(newerReport(undefined, state('open', 0))).toEqual(state('open', 0));
    expect(newerReport(state('open', 0), state('partially_filled', 0.001))).toEqual(state('partially_filled', 0.001));
    expect(newerReport(state('partially_filled', 0.001), state('open', 0))).toBeNull();
    expect(newerReport(state('filled', 0.002), state('canceled', 0.001))).toBeNull();
    expect(newerReport(state('canceled', 0.001), state('partially_filled', 0.001))).toBeNull();
  });
});

const balance = (currency: string, free: number, used = 0): Balance => ({ currency, free, used, total: free + used });

describe('a REST balance read over pushed balances', () => {
  const known = [balance('USDT', 9_970), balance('BTC', 1.000999), balance('SOL', 2)];
  const read = [balance('USDT', 9_969.97, 30.03), balance('BTC', 1), balance('ETH', 7)];

  it('keeps the currencies pushed after the read was sent, and takes the read for the others', () => {
    const pushed = new Set(['USDT', 'BTC']);
    expect(mergeBalanceRead(read, known, (currency) => pushed.has(currency))).toEqual([balance('USDT', 9_970), balance('BTC', 1.000999), balance('ETH', 7)]);
  });

  it('takes the read whole when nothing was pushed since it was sent: a currency it no longer lists is gone', () => {
    expect(mergeBalanceRead(read, known, () => false)).toEqual(read);
  });

  it('keeps a currency pushed since that the read does not list yet, and leaves out one pushed to zero that the read still lists', () => {
    const pushed = new Set(['SOL', 'ETH']); // SOL arrived, ETH went to zero (pushed balances drop zero entries)
    expect(mergeBalanceRead(read, known, (currency) => pushed.has(currency))).toEqual([balance('USDT', 9_969.97, 30.03), balance('BTC', 1), balance('SOL', 2)]);
  });
});
