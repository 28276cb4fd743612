import { describe, expect, it } from 'vitest';
import type { HoldingPrice } from '../../../core/accounts/holding-prices.js';
import { AccountPortfolios, holdingMark } from '../../../core/accounts/portfolio.js';
import type { TradingAccount } from '../../../core/accounts/trading-account.js';
import type { Balance } from '../../../core/exchange/port.js';
import { DayStarts } from '../../../core/risk/day-start.js';

const held = (currency: string, total: number, free = total): Balance => ({ currency, free, used: total - free, total });

/** A live account holding `balances`, whose feed marks only BTC/USDT and whose venue prices `venue` says. */
function liveAccount(balances: Balance[], venue: Record<string, HoldingPrice>): TradingAccount {
  return {
    id: 'binance:main',
    quote: 'USDT',
    balanceSnapshot: () => balances,
    markPrice: (symbol: string) => (symbol === 'BTC/USDT' ? 50_500 : null),
    venuePrice: (currency: string) => venue[currency] ?? { kind: 'unvalued', reason: `no price of ${currency}` },
  } as unknown as TradingAccount;
}

function portfolios() {
  return new AccountPortfolios({ ledger: { entries: () => [] }, workingOrders: () => [], dayStarts: new DayStarts(null, () => 'UTC'), now: () => Date.UTC(2026, 11, 7, 12) });
}

describe('a live account’s equity', () => {
  it('counts every coin: the feed’s mark where there is one, else the venue price; names the coins it cannot value', () => {
    const account = liveAccount([held('USDT', 1_000, 800), held('BTC', 0.5), held('ETH', 2), held('SOL', 10), held('XYZ', 5), held('LTC', 0.0001)], {
      BTC: { kind: 'priced', price: 50_000, at: 0, stale: false },
      ETH: { kind: 'priced', price: 3_000, at: 0, stale: false },
      SOL: { kind: 'priced', price: 150, at: 0, stale: false },
      XYZ: { kind: 'unvalued', reason: 'binance lists no XYZ market against USDT' },
      LTC: { kind: 'dust' },
    });
    const portfolio = portfolios().of(account)!;
    // 1,000 + 0.5 × 50,500 (the feed's mark wins) + 2 × 3,000 + 10 × 150 = 33,750.
    expect(portfolio.equity).toBe(33_750);
    expect(portfolio.freeCash).toBe(800);
    expect(portfolio.dayStartEquity).toBe(33_750);
    expect(portfolio.quote).toBe('USDT');
    expect(portfolio.unvalued).toEqual([{ currency: 'XYZ', total: 5, reason: 'binance lists no XYZ market against USDT' }]);
    // Coins no position explains are the trader's exposure, at the same prices.
    expect(portfolio.positions).toEqual([
      { strategy: 'manual', symbol: 'BTC/USDT', notional: 25_250 },
      { strategy: 'manual', symbol: 'ETH/USDT', notional: 6_000 },
      { strategy: 'manual', symbol: 'SOL/USDT', notional: 1_500 },
    ]);
  });

  it('says a coin the paper account holds but does not watch is not valued (no venue prices there)', () => {
    const paper = { id: 'paper', quote: 'USDT', balanceSnapshot: () => [held('USDT', 100), held('DOGE', 10)], markPrice: () => null } as unknown as TradingAccount;
    const portfolio = portfolios().of(paper)!;
    expect(portfolio.equity).toBe(100);
    expect(portfolio.unvalued).toEqual([{ currency: 'DOGE', total: 10, reason: 'Halyard does not watch DOGE/USDT' }]);
  });

  it('marks a position at the feed’s price, else at the venue’s price of its coin, else not at all', () => {
    const account = liveAccount([held('USDT', 1_000), held('BTC', 0.5), held('ETH', 2)], { ETH: { kind: 'priced', price: 3_000, at: 0, stale: false } });
    expect(holdingMark(account, 'BTC/USDT')).toBe(50_500);
    expect(holdingMark(account, 'ETH/USDT')).toBe(3_000);
    expect(holdingMark(account, 'ETH/BTC')).toBeNull();
    expect(holdingMark(account, 'SOL/USDT')).toBeNull();
  });
});
