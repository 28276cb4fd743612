import { describe, expect, it } from 'vitest';
import { STALE_AFTER_MS } from '../../core/accounts/holding-prices.js';
import { until } from '../helpers/api-terminal.js';
import { armedBinanceApi, binanceTerminalForFile } from './order-roads-helpers.js';

/**
 * A live account holds a coin Binance lists against BTC only (the stub's BRDGBTC, no BRDGUSDT): its equity
 * values it through BTC — BRDG/BTC × BTC/USDT at Binance's own last prices, both markets asked for in the
 * same batched 24 h ticker request — as the trader reads it in risk.state, and the day start counts it.
 * The Terminal's wall clock is the test's: moved past the stale age, it makes the next read ask again.
 */
let offset = 0;
const clock = () => Date.now() + offset;
const file = binanceTerminalForFile('bridged', { now: clock });

describe('live equity with a coin listed only against BTC', () => {
  it('values it through BTC and follows either leg’s price', async () => {
    file.stub.book.setBalance('BRDG', 1_000);
    const { api, accountId } = await armedBinanceApi(file.terminal, file.stub, 'bridged');
    const state = () => api.call('risk.state', { account: 'binance:bridged' });
    // 10,000 USDT + 1 BTC × 50,000 + 10 ETH × 3,000 + 1,000 BRDG × 0.0002 BTC × 50,000 = 100,000 USDT.
    const valued = await until(state, (view) => view.equity?.value === 100_000, 'BRDG valued through BTC');
    expect(valued.equity?.unvalued).toEqual([]);
    expect(valued.breaker).toMatchObject({ dayStartEquity: 100_000, dailyPnl: 0 });
    expect(valued.breaker.provisional).toBeUndefined();
    const asked = file.stub.requestsTo('GET', '/api/v3/ticker/24hr').filter((request) => request.params['symbols']?.includes('BRDGBTC'));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((request) => request.status === 200)).toBe(true);
    expect(JSON.parse(asked[0]!.params['symbols']!)).toEqual(expect.arrayContaining(['BRDGBTC', 'BTCUSDT']));
    expect(file.stub.requestsTo('GET', '/api/v3/ticker/24hr').some((request) => request.params['symbols']?.includes('BRDGUSDT') || request.params['symbol'] === 'BRDGUSDT')).toBe(false);

    // Either leg moves: BRDG to 0.0003 BTC, then BTC to 40,000 USDT (which moves BTC itself too).
    const refreshed = async () => {
      offset += STALE_AFTER_MS + 60_000;
      return state();
    };
    file.stub.book.setPrice('BRDGBTC', 0.0003);
    await until(refreshed, (view) => view.equity?.value === 105_000, 'BRDG at 0.0003 BTC × 50,000');
    file.stub.book.setPrice('BTCUSDT', 40_000);
    // 10,000 + 1 × 40,000 + 10 × 3,000 + 1,000 × 0.0003 × 40,000 = 92,000.
    await until(refreshed, (view) => view.equity?.value === 92_000, 'BRDG at 0.0003 BTC × 40,000');
    await api.call('accounts.disarm', { id: accountId });
  });
});
