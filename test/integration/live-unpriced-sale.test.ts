import { describe, expect, it } from 'vitest';
import { until } from '../helpers/api-terminal.js';
import { armedBinanceApi, binanceTerminalForFile } from './order-roads-helpers.js';

/**
 * A coin the day start could not price yet (Binance's 24 h ticker fails at arming) is sold: the cash it
 * brings was never in the day's starting equity, so counting it as today's gain would hide a real loss
 * from the daily-loss breaker. Until the coin is priced the sale counts as neither gain nor loss (only its
 * fee, a real cost, does), and risk.state says the sale is unpriced. Once the price comes the day start
 * counts the coin at that price and the sale is measured against it.
 */
let offset = 0;
const clock = () => Date.now() + offset;
const file = binanceTerminalForFile('unpricedsale', { now: clock });
const ACCOUNT = 'binance:unpricedsale';

describe('selling a coin the day start has not priced yet', () => {
  it('is neither a gain nor a loss until the coin is priced, and says so', async () => {
    file.stub.fault({ method: 'GET', path: '/api/v3/ticker/24hr', kind: 'server_error', times: 100_000 });
    const { api, accountId } = await armedBinanceApi(file.terminal, file.stub, 'unpricedsale');
    const state = () => api.call('risk.state', { account: ACCOUNT });
    await until(state, (view) => view.breaker.provisional?.missing.some((held) => held.currency === 'ETH') === true, 'a provisional day start leaving out ETH');

    const sold = await api.call('orders.place', { account: ACCOUNT, symbol: 'ETH/USDT', side: 'sell', type: 'market', amount: '2' });
    const fills = await until(
      () => api.call('fills.list', { symbol: 'ETH/USDT' }),
      (rows) => rows.some((fill) => fill.clientOrderId === sold.clientOrderId),
      'the sale’s fill',
    );
    const fill = fills.find((row) => row.clientOrderId === sold.clientOrderId)!;
    const proceeds = fill.amount * fill.price;
    const feeInQuote = fill.feeCurrency === 'USDT' ? fill.fee : 0;

    // The USDT the sale brought is in equity, but ETH was never in the day start: not a gain of ~6,000.
    const unpriced = await until(state, (view) => view.equity !== null && view.equity.value > 10_000, 'the sale’s cash in equity');
    expect(unpriced.breaker.dailyPnl).toBeCloseTo(-feeInQuote, 6);
    expect(unpriced.breaker.provisional?.unpricedSales).toEqual([{ currency: 'ETH', sold: 2, proceeds }]);
    expect(unpriced.breaker.provisional?.note).toContain(`2 ETH sold today for ${proceeds} USDT counts as neither gain nor loss until ETH is priced (unpriced).`);

    // The venue's prices come back: the day start counts the 10 ETH held at its start at the first price; the sale is measured against it.
    file.stub.clearFaults();
    const priced = await until(
      async () => {
        offset += 6_000;
        return state();
      },
      (view) => view.breaker.provisional === undefined,
      'the day start complete',
    );
    const ethPrice = (await api.call('risk.state', { account: ACCOUNT })).breaker.dayStartEquity - 10_000 - 50_000;
    expect(priced.breaker.dailyPnl).toBeCloseTo(proceeds - 2 * (ethPrice / 10) - feeInQuote, 6);
    await api.call('accounts.disarm', { id: accountId });
  });
});
