import { describe, expect, it } from 'vitest';
import type { HoldingPrice } from '../../../core/accounts/holding-prices.js';
import { AccountPortfolios } from '../../../core/accounts/portfolio.js';
import type { TradingAccount } from '../../../core/accounts/trading-account.js';
import type { Balance } from '../../../core/exchange/port.js';
import { DEFAULT_RISK_CONFIG } from '../../../core/risk/config.js';
import { DayStarts, type DayStartNote } from '../../../core/risk/day-start.js';
import type { GatePortfolio, GuardEnvironment } from '../../../core/risk/guard.js';
import { dailyLossBreaker } from '../../../core/risk/guards/breaker.js';
import { provisionalView } from '../../../core/risk/state-view.js';
import type { JsonSettings } from '../../../core/risk/state.js';

/**
 * The day start of a live account whose venue prices fail: coins not priced yet are recorded as missing
 * and added at their first price (audited once), so equity rising when prices come is not a gain that
 * hides a loss from the daily-loss breaker. Equity comes from AccountPortfolios over a fake account whose
 * venue prices the test sets; the breaker is the real guard at its default −5 %.
 */
const DAY1 = Date.UTC(2026, 11, 7, 9);
const DAY2 = Date.UTC(2026, 11, 8, 0, 5);
const held = (currency: string, total: number): Balance => ({ currency, free: total, used: 0, total });
const waiting = (currency: string): HoldingPrice => ({ kind: 'unvalued', reason: `no binance price of ${currency}/USDT: 503 Service Unavailable` });
const priced = (price: number, at: number, stale = false): HoldingPrice => ({ kind: 'priced', price, at, stale });

function world(balances: Balance[]) {
  let time = DAY1;
  const venue: Record<string, HoldingPrice> = {};
  const saved = new Map<string, unknown>();
  const settings: JsonSettings = { getRaw: (key) => saved.get(key), set: (key, value) => saved.set(key, structuredClone(value)) };
  const notes: DayStartNote[] = [];
  const account = {
    id: 'binance:main',
    quote: 'USDT',
    balanceSnapshot: () => balances,
    markPrice: () => null,
    venuePrice: (currency: string) => venue[currency] ?? waiting(currency),
  } as unknown as TradingAccount;
  const portfolios = () => {
    const dayStarts = new DayStarts(settings, () => 'UTC', (_account, note) => notes.push(note));
    return new AccountPortfolios({ ledger: { entries: () => [] }, workingOrders: () => [], dayStarts, now: () => time });
  };
  let current = portfolios();
  return {
    venue,
    notes,
    at: (when: number) => (time = when),
    portfolio: (hint?: { symbol: string; price: number }) => current.of(account, hint)!,
    /** A restart: the day starts read back from the store. */
    restart: () => {
      current = portfolios();
    },
  };
}

function breaker(portfolio: GatePortfolio) {
  const environment = { config: DEFAULT_RISK_CONFIG, now: portfolio.time, breakerBaseline: 0 } as unknown as GuardEnvironment;
  return dailyLossBreaker.check({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.001, price: 50_000, strategy: null } as never, portfolio, environment);
}

describe('a day start made while the venue’s first price request fails', () => {
  it('is provisional, adds each missing coin at its first price once, and then the breaker sees a loss on it', () => {
    const w = world([held('USDT', 10_000), held('SOL', 100)]);
    const first = w.portfolio();
    expect(first).toMatchObject({ equity: 10_000, dayStartEquity: 10_000, dailyPnl: 0, dayStartProvisional: { missing: [{ currency: 'SOL', total: 100 }], staleSince: null } });
    expect(w.notes).toEqual([{ action: 'day_start_provisional', day: '2026-12-07', equity: 10_000, missing: [{ currency: 'SOL', total: 100 }], staleSince: null }]);

    // The prices come: SOL at 150 joins equity and the day start alike — no gain.
    w.venue['SOL'] = priced(150, DAY1 + 60_000);
    w.at(DAY1 + 60_000);
    const valued = w.portfolio();
    expect(valued).toMatchObject({ equity: 25_000, dayStartEquity: 25_000, dailyPnl: 0 });
    expect(valued.dayStartProvisional).toBeUndefined();
    w.portfolio();
    expect(w.notes.slice(1)).toEqual([{ action: 'day_start_completed', day: '2026-12-07', currency: 'SOL', total: 100, price: 150, equity: 25_000 }]);

    // SOL falls to 137.5: −1,250 is −5 % of 25,000 — the breaker trips (before, the day started at 10,000 and showed +13,750).
    w.venue['SOL'] = priced(137.5, DAY1 + 120_000);
    w.at(DAY1 + 120_000);
    const loss = w.portfolio();
    expect(loss.dailyPnl).toBe(-1_250);
    expect(breaker(loss)).toMatchObject({ deny: true, rule: 'daily_loss_breaker' });

    // A restart the same day keeps the completed day start.
    w.restart();
    expect(w.portfolio()).toMatchObject({ dayStartEquity: 25_000, dailyPnl: -1_250 });
  });

  it('if the prices never come: stays provisional all day, says so, and the breaker measures the rest of the account only', () => {
    const w = world([held('USDT', 10_000), held('BTC', 1), held('SOL', 100)]);
    w.venue['BTC'] = priced(50_000, DAY1);
    expect(w.portfolio()).toMatchObject({ equity: 60_000, dayStartEquity: 60_000, dayStartProvisional: { missing: [{ currency: 'SOL', total: 100 }] } });
    const view = provisionalView(w.portfolio().dayStartProvisional!);
    expect(view.note).toBe(
      "Day start provisional: it leaves out 100 SOL, not priced yet; each is added at its first price. Until then the breaker measures today's loss on the rest of the account only — a loss on this coin cannot trip it.",
    );
    // An order's own price values SOL for its check, but SOL is not in the day start: it is no gain either.
    expect(w.portfolio({ symbol: 'SOL/USDT', price: 200 })).toMatchObject({ equity: 80_000, dailyPnl: 0 });
    // BTC falls 6 %: −3,000 of the 60,000 the day start counts trips the breaker.
    w.venue['BTC'] = priced(47_000, DAY1 + 3_600_000);
    w.at(DAY1 + 3_600_000);
    const loss = w.portfolio();
    expect(loss).toMatchObject({ dailyPnl: -3_000, dayStartProvisional: { missing: [{ currency: 'SOL', total: 100 }] } });
    expect(breaker(loss)).toMatchObject({ deny: true, rule: 'daily_loss_breaker' });
  });

  it('completes a missing coin sold before its first price, at that price once it comes: the sale is no gain', () => {
    const balances = [held('USDT', 10_000), held('SOL', 100)];
    const w = world(balances);
    expect(w.portfolio()).toMatchObject({ dayStartEquity: 10_000, dayStartProvisional: { missing: [{ currency: 'SOL', total: 100 }] } });
    // All SOL sold at 140 while the venue's prices still fail: 14,000 USDT more, no SOL left.
    balances.splice(0, 2, held('USDT', 24_000));
    expect(w.portfolio()).toMatchObject({ equity: 24_000, dayStartEquity: 10_000, dayStartProvisional: { missing: [{ currency: 'SOL', total: 100 }] } });
    // The first price of SOL is 150: the day started at 25,000, and the day is −1,000, not +14,000.
    w.venue['SOL'] = priced(150, DAY1 + 60_000);
    w.at(DAY1 + 60_000);
    const completed = w.portfolio();
    expect(completed).toMatchObject({ equity: 24_000, dayStartEquity: 25_000, dailyPnl: -1_000 });
    expect(completed.dayStartProvisional).toBeUndefined();
  });

  it('a coin the venue lists no market for is left out of equity and day start alike, without making it provisional', () => {
    const w = world([held('USDT', 10_000), held('XYZ', 5)]);
    w.venue['XYZ'] = { kind: 'unvalued', reason: 'binance lists no XYZ market against USDT', never: true };
    const portfolio = w.portfolio();
    expect(portfolio).toMatchObject({ equity: 10_000, dayStartEquity: 10_000 });
    expect(portfolio.dayStartProvisional).toBeUndefined();
  });
});

describe('a trading day that rolls over while prices are missing or stale', () => {
  it('missing: the new day starts from the last equity with the same coins missing, completed at their first price', () => {
    const w = world([held('USDT', 10_000), held('SOL', 100)]);
    w.venue['SOL'] = priced(150, DAY1);
    expect(w.portfolio()).toMatchObject({ dayStartEquity: 25_000 });
    // A restart late on day 1 while the venue fails: the fresh price book has no SOL price.
    delete w.venue['SOL'];
    w.at(DAY2 - 10 * 60_000);
    w.restart();
    expect(w.portfolio()).toMatchObject({ equity: 10_000, dayStartEquity: 25_000, dailyPnl: -15_000 });
    // Midnight passes; the day starts from 10,000 and says SOL is missing (not "no loss").
    w.at(DAY2);
    const rolled = w.portfolio();
    expect(rolled).toMatchObject({ day: '2026-12-08', dayStartEquity: 10_000, dayStartProvisional: { missing: [{ currency: 'SOL', total: 100 }], staleSince: null } });
    w.venue['SOL'] = priced(140, DAY2 + 60_000);
    w.at(DAY2 + 60_000);
    expect(w.portfolio()).toMatchObject({ equity: 24_000, dayStartEquity: 24_000, dailyPnl: 0 });
    expect(w.notes.filter((note) => note.day === '2026-12-08').map((note) => note.action)).toEqual(['day_start_provisional', 'day_start_completed']);
  });

  it('stale: the new day starts at the last prices known, says they are stale, and a fall seen once they are fresh counts to the new day', () => {
    const w = world([held('USDT', 10_000), held('SOL', 100)]);
    const readAt = DAY2 - 20 * 60_000;
    w.venue['SOL'] = priced(150, readAt, true);
    w.at(DAY2 - 60_000);
    w.portfolio();
    w.at(DAY2);
    const rolled = w.portfolio();
    expect(rolled).toMatchObject({ dayStartEquity: 25_000, dayStartProvisional: { missing: [], staleSince: readAt } });
    expect(provisionalView(rolled.dayStartProvisional!).note).toBe('Day start counted at venue prices last read 2026-12-07T23:45:00Z (stale); any move since then counts to today.');
    w.venue['SOL'] = priced(120, DAY2 + 60_000);
    w.at(DAY2 + 60_000);
    const fresh = w.portfolio();
    expect(fresh).toMatchObject({ dayStartEquity: 25_000, dailyPnl: -3_000 });
    expect(fresh.dayStartProvisional).toBeUndefined();
    expect(breaker(fresh)).toMatchObject({ deny: true });
    expect(w.notes.filter((note) => note.day === '2026-12-08')).toEqual([
      { action: 'day_start_provisional', day: '2026-12-08', equity: 25_000, missing: [], staleSince: readAt },
      { action: 'day_start_prices_fresh', day: '2026-12-08', staleSince: readAt, equity: 25_000 },
    ]);
  });
});
