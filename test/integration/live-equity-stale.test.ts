import { describe, expect, it } from 'vitest';
import { STALE_AFTER_MS } from '../../core/accounts/holding-prices.js';
import { until } from '../helpers/api-terminal.js';
import { armedBinanceApi, binanceTerminalForFile } from './order-roads-helpers.js';

/**
 * Binance's prices of the coins a live account holds keep failing to refresh (its 24 h ticker answers 503):
 * equity keeps the last prices — never zero, which would trip the daily-loss breaker — and, once they are
 * older than a few refreshes, says how old they are (risk.state) and the audit log says so once; once the
 * venue answers again, it says they are fresh once. The Terminal's wall clock is the test's, moved forward.
 */
let offset = 0;
const clock = () => Date.now() + offset;
const file = binanceTerminalForFile('stale', { now: clock });

describe('live equity when the venue’s prices of unwatched holdings go stale', () => {
  it('keeps the last prices, says how old they are, and audits the stale spell once each way', async () => {
    const { api, accountId } = await armedBinanceApi(file.terminal, file.stub, 'stale');
    const equity = async () => (await api.call('risk.state', { account: 'binance:stale' })).equity;
    // 10,000 USDT + 1 BTC × 50,000 + 10 ETH × 3,000, at Binance's own prices (no feed marks a Binance market).
    const fresh = await until(equity, (view) => view?.value === 90_000, 'equity from the venue prices');
    expect(fresh).toMatchObject({ pricesStale: false });
    const readAt = fresh!.pricesAt!;
    expect(Math.abs(readAt - clock())).toBeLessThan(60_000);

    // Binance's ticker fails from now on; the clock passes the stale age.
    file.stub.fault({ method: 'GET', path: '/api/v3/ticker/24hr', kind: 'server_error', times: 1_000 });
    offset = STALE_AFTER_MS + 60_000;
    const stale = await until(equity, (view) => view?.pricesStale === true, 'stale prices');
    expect(stale).toMatchObject({ value: 90_000, pricesAt: readAt, pricesStale: true });
    await until(() => Promise.resolve(file.stub.requestsTo('GET', '/api/v3/ticker/24hr').filter((request) => request.status === 503).length), (failed) => failed > 0, 'a failed refresh');
    expect(await equity()).toMatchObject({ value: 90_000, pricesStale: true });
    const breaker = (await api.call('risk.state', { account: 'binance:stale' })).breaker;
    expect(breaker.tripped).toBe(false);

    // The venue answers again: a refresh brings fresh prices (asked for sooner while stale).
    file.stub.clearFaults();
    offset += 10_000;
    const again = await until(
      async () => {
        offset += 6_000;
        return equity();
      },
      (view) => view?.pricesStale === false,
      'fresh prices',
    );
    expect(again!.pricesAt!).toBeGreaterThan(readAt);
    expect(again!.value).toBe(90_000);

    const audited = (await api.call('audit.list', { category: 'risk' })).filter((entry) => entry.action === 'prices_stale' || entry.action === 'prices_fresh');
    expect(audited.map((entry) => entry.action).reverse()).toEqual(['prices_stale', 'prices_fresh']);
    expect(audited.at(-1)!.detail).toMatchObject({ account: 'binance:stale', since: readAt });
    await api.call('accounts.disarm', { id: accountId });
  });
});
