import { describe, expect, it } from 'vitest';
import { statusText } from '../../core/alerts/desk-texts.js';
import { until } from '../helpers/api-terminal.js';
import { armedBinanceApi, binanceTerminalForFile } from './order-roads-helpers.js';

/**
 * A live account is armed while Binance's 24 h ticker fails (503): the first valuation of its coins fails,
 * so the day's starting equity counts only its 10,000 USDT. risk.state says the day start is provisional,
 * naming the coins it leaves out and what the breaker does meanwhile. When the venue answers, the coins
 * join equity and the day start alike, at their first price, audited once each — equity rising when
 * prices come is not a gain of 80,000 that would hide a real loss from the daily-loss breaker.
 */
let offset = 0;
const clock = () => Date.now() + offset;
const file = binanceTerminalForFile('daystart', { now: clock });

describe('the day start of a live account armed while the venue’s prices fail', () => {
  it('is provisional until the prices come, then counts every coin at its first price', async () => {
    file.stub.fault({ method: 'GET', path: '/api/v3/ticker/24hr', kind: 'server_error', times: 1_000 });
    const { api, accountId } = await armedBinanceApi(file.terminal, file.stub, 'daystart');
    const state = () => api.call('risk.state', { account: 'binance:daystart' });
    const provisional = await until(state, (view) => view.breaker.provisional !== undefined, 'a provisional day start');
    expect(provisional.breaker).toMatchObject({
      dayStartEquity: 10_000,
      dailyPnl: 0,
      provisional: {
        missing: [
          { currency: 'BTC', total: 1 },
          { currency: 'ETH', total: 10 },
        ],
        staleSince: null,
        note: "Day start provisional: it leaves out 1 BTC, 10 ETH, not priced yet; each is added at its first price. Until then the breaker measures today's loss on the rest of the account only — a loss on these coins cannot trip it.",
      },
    });
    expect(provisional.equity).toMatchObject({ value: 10_000 });
    // A trader away from the desk asks /status: the answer says the breaker cannot see those coins yet.
    const away = statusText(await api.call('app.status', {}), provisional, [], []);
    expect(away).toContain(`⚠ ${provisional.breaker.provisional!.note}`);

    // The venue answers again; a price of a coin not valued yet is asked for again within seconds.
    file.stub.clearFaults();
    const complete = await until(
      async () => {
        offset += 6_000;
        return state();
      },
      (view) => view.equity?.value === 90_000,
      'equity at the venue prices',
    );
    // 10,000 USDT + 1 BTC × 50,000 + 10 ETH × 3,000 from the day start on: today's P&L is 0, not +80,000.
    expect(complete.breaker).toMatchObject({ dayStartEquity: 90_000, dailyPnl: 0, lossPct: 0, tripped: false });
    expect(complete.breaker.provisional).toBeUndefined();

    await state();
    const audited = (await api.call('audit.list', { category: 'risk' })).filter((entry) => entry.action.startsWith('day_start_')).reverse();
    expect(audited.map((entry) => [entry.action, entry.detail['currency'] ?? null])).toEqual([
      ['day_start_provisional', null],
      ['day_start_completed', 'BTC'],
      ['day_start_completed', 'ETH'],
    ]);
    expect(audited[2]!.detail).toMatchObject({ account: 'binance:daystart', total: 10, price: 3_000, equity: 90_000 });
    await api.call('accounts.disarm', { id: accountId });
  });
});
