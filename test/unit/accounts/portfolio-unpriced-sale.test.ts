import { describe, expect, it } from 'vitest';
import type { HoldingPrice } from '../../../core/accounts/holding-prices.js';
import { AccountPortfolios } from '../../../core/accounts/portfolio.js';
import type { TradingAccount } from '../../../core/accounts/trading-account.js';
import type { Balance } from '../../../core/exchange/port.js';
import { DayStarts } from '../../../core/risk/day-start.js';
import { provisionalView } from '../../../core/risk/state-view.js';
import type { JsonSettings } from '../../../core/risk/state.js';

/**
 * Trades of a coin the day start has not priced yet: the cash they move is not today's gain or loss (what the
 * coin was worth at the day start is unknown), until the coin's first price completes the day start.
 */
const DAY1 = Date.UTC(2026, 11, 7, 9);
const DAY2 = Date.UTC(2026, 11, 8, 10);
const balance = (currency: string, total: number): Balance => ({ currency, free: total, used: 0, total });

function world() {
  let time = DAY1;
  const balances = new Map([
    ['USDT', 10_000],
    ['ETH', 10],
  ]);
  const fills: { side: 'buy' | 'sell'; amount: number; price: number; time: number }[] = [];
  let eth: HoldingPrice = { kind: 'unvalued', reason: 'no binance price of ETH/USDT: 503 Service Unavailable' };
  const saved = new Map<string, unknown>();
  const settings: JsonSettings = { getRaw: (key) => saved.get(key), set: (key, value) => saved.set(key, structuredClone(value)) };
  const account = {
    id: 'binance:main',
    quote: 'USDT',
    balanceSnapshot: () => [...balances].map(([currency, total]) => balance(currency, total)),
    markPrice: () => null,
    venuePrice: () => eth,
  } as unknown as TradingAccount;
  const portfolios = new AccountPortfolios({
    ledger: { entries: () => [] },
    workingOrders: () => [],
    dayStarts: new DayStarts(settings, () => 'UTC'),
    now: () => time,
    trades: (_account, symbol, since) => (symbol === 'ETH/USDT' ? fills.filter((fill) => fill.time >= since) : []),
  });
  return {
    at: (when: number) => (time = when),
    trade: (side: 'buy' | 'sell', amount: number, price: number) => {
      fills.push({ side, amount, price, time });
      const sign = side === 'sell' ? 1 : -1;
      balances.set('ETH', balances.get('ETH')! - sign * amount);
      balances.set('USDT', balances.get('USDT')! + sign * amount * price);
    },
    price: (price: number) => (eth = { kind: 'priced', price, at: time, stale: false }),
    portfolio: () => portfolios.of(account)!,
  };
}

describe('trading a coin the day start has not priced', () => {
  it('counts a sale, and a buy back, as neither gain nor loss until priced; then against the first price', () => {
    const w = world();
    w.at(DAY1);
    w.portfolio();
    // The next day starts with the ETH still unpriced (the venue's prices keep failing).
    w.at(DAY2);
    expect(w.portfolio()).toMatchObject({ dayStartEquity: 10_000, dailyPnl: 0 });
    w.trade('sell', 4, 3_000);
    const afterSale = w.portfolio();
    expect(afterSale).toMatchObject({ equity: 22_000, dayStartEquity: 10_000, dailyPnl: 0 });
    expect(afterSale.dayStartProvisional?.unpricedSales).toEqual([{ currency: 'ETH', sold: 4, proceeds: 12_000 }]);
    expect(provisionalView(afterSale.dayStartProvisional!, 'USDT').note).toContain('4 ETH sold today for 12000 USDT counts as neither gain nor loss until ETH is priced (unpriced).');
    w.trade('buy', 1, 2_900);
    expect(w.portfolio()).toMatchObject({ equity: 19_100, dailyPnl: 0 });
    expect(w.portfolio().dayStartProvisional?.unpricedSales).toEqual([{ currency: 'ETH', sold: 3, proceeds: 9_100 }]);

    // ETH is priced at 3,100: the day start counts the 10 ETH held at its start at 3,100 (41,000), and the
    // trades are measured against it: 19,100 + 7 × 3,100 − 41,000 = −200 (sold 4 at 100 under, bought 1 at 200 under).
    w.price(3_100);
    const complete = w.portfolio();
    expect(complete).toMatchObject({ dayStartEquity: 41_000, equity: 40_800, dailyPnl: -200 });
    expect(complete.dayStartProvisional).toBeUndefined();
  });

  it('counts only trades since the day start: the cash of an earlier day’s sale is in the day start already', () => {
    const w = world();
    w.at(DAY1);
    w.portfolio();
    w.trade('sell', 1, 3_000);
    // On day 1 itself the sale is unpriced too (its day start, first seen then, left ETH out).
    expect(w.portfolio()).toMatchObject({ equity: 13_000, dayStartEquity: 10_000, dailyPnl: 0 });
    w.at(DAY2);
    // The last equity seen on day 1 (13,000 USDT; 9 ETH unpriced) is day 2's start: yesterday's sale is no gain today.
    expect(w.portfolio()).toMatchObject({ dayStartEquity: 13_000, dailyPnl: 0 });
    expect(w.portfolio().dayStartProvisional?.unpricedSales).toBeUndefined();
  });
});
