import type { Order, Trade } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { toExchangeOrder, toFill } from '../../core/exchange/ccxt-orders.js';

/** The fields of ccxt's unified order that the mapping reads; the rest stay as ccxt leaves them. */
function order(fields: Partial<Order>): Order {
  return { id: '42', clientOrderId: 'hy00000000000000aa', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, filled: 0, price: 100, timestamp: 1_000, status: 'open', ...fields } as Order;
}

describe('ccxt order → ExchangeOrder', () => {
  it.each([
    [{ status: 'open', filled: 0 }, 'open'],
    [{ status: 'open', filled: 0.4 }, 'partially_filled'],
    [{ status: 'closed', filled: 1 }, 'filled'],
    // Closed with less than the amount filled: the rest was canceled (e.g. IOC, or canceled after a partial fill).
    [{ status: 'closed', filled: 0.4 }, 'canceled'],
    [{ status: 'canceled', filled: 0 }, 'canceled'],
    [{ status: 'expired' }, 'expired'],
    [{ status: 'rejected' }, 'rejected'],
    [{ status: undefined }, 'unknown'],
  ] as [Partial<Order>, string][])('%o → %s', (fields, status) => {
    expect(toExchangeOrder(order(fields)).status).toBe(status);
  });

  it('recognises stop-limit orders by their trigger price and keeps our client id when the venue does not echo it', () => {
    const mapped = toExchangeOrder(order({ type: 'stop_loss_limit', triggerPrice: 95, clientOrderId: undefined as unknown as string }), 'hy00000000000000bb');
    expect(mapped).toMatchObject({ type: 'stop_limit', stopPrice: 95, price: 100, clientOrderId: 'hy00000000000000bb', exchangeOrderId: '42' });
    expect(toExchangeOrder(order({ type: 'market', price: 0 }))).toMatchObject({ type: 'market', price: null });
  });

  it('sums fees over the fee list', () => {
    const mapped = toExchangeOrder(order({ fees: [{ cost: 0.1, currency: 'USDT' }, { cost: 0.05, currency: 'USDT' }] } as Partial<Order>));
    expect(mapped.fee).toBeCloseTo(0.15, 12);
    expect(mapped.feeCurrency).toBe('USDT');
  });

  it('maps a trade to a fill carrying the client id of its order', () => {
    const trade = { id: 't1', order: '42', symbol: 'BTC/USDT', side: 'sell', price: 101, amount: 0.5, fee: { cost: 0.0505, currency: 'USDT' }, takerOrMaker: 'maker', timestamp: 2_000 } as Trade;
    expect(toFill(trade, new Map([['42', 'hy00000000000000aa']]))).toEqual({
      id: 't1',
      clientOrderId: 'hy00000000000000aa',
      exchangeOrderId: '42',
      symbol: 'BTC/USDT',
      side: 'sell',
      price: 101,
      amount: 0.5,
      fee: 0.0505,
      feeCurrency: 'USDT',
      liquidity: 'maker',
      time: 2_000,
    });
  });
});
