import { describe, expect, it } from 'vitest';
import { isExchangeError } from '../../../core/exchange/errors.js';
import { PaperExchange } from '../../../core/exchange/paper-exchange.js';
import type { Fill } from '../../../core/exchange/port.js';
import type { Candle } from '../../../core/market/candle.js';
import { testMarket } from '../../helpers/markets.js';

const BTC = testMarket('BTC/USDT', { minAmount: 0.0001, minCost: 5, makerFee: 0.0002 });

const T0 = Date.UTC(2024, 0, 1);
let seq = 0;
const id = () => `test-${++seq}`;

function bar(minute: number, open: number, high: number, low: number, close: number, volume = 1_000): Candle {
  return { time: T0 + minute * 60_000, open, high, low, close, volume };
}

function exchange(usdt = 10_000, config = {}) {
  const paper = new PaperExchange({ markets: [BTC], balances: { USDT: usdt }, config, now: () => T0 });
  const fills: Fill[] = [];
  paper.onOrderUpdate((update) => fills.push(...update.fills));
  return { paper, fills };
}

function balance(paper: PaperExchange, currency: string) {
  return paper.balancesNow().find((b) => b.currency === currency)!;
}

describe('paper exchange: market orders', () => {
  it('fills a market buy at the NEXT bar open plus large-cap slippage (0.15 %) with the taker fee in quote', () => {
    const { paper, fills } = exchange();
    paper.onCandle('BTC/USDT', bar(0, 99, 101, 98, 100));
    paper.placeOrderNow({ clientOrderId: id(), symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 2 });
    expect(fills).toHaveLength(0);
    paper.onCandle('BTC/USDT', bar(1, 200, 201, 199, 200));
    // 200 × 1.0015 = 200.30; cost 2 × 200.30 = 400.60; taker fee 0.1 % = 0.4006
    expect(fills).toEqual([expect.objectContaining({ side: 'buy', price: 200.3, amount: 2, fee: 0.4006, liquidity: 'taker', time: T0 + 60_000 })]);
    expect(balance(paper, 'USDT')).toEqual({ currency: 'USDT', free: 9_598.9994, used: 0, total: 9_598.9994 });
    expect(balance(paper, 'BTC').total).toBe(2);
  });

  it('moves a market sell down by the tier slippage and credits proceeds minus the fee', () => {
    const { paper, fills } = exchange(10_000, { slippageByTier: { large: 0.0025, mid: 0.0025, small: 0.005, meme: 0.01 } });
    paper.onCandle('BTC/USDT', bar(0, 100, 100, 100, 100));
    paper.placeOrderNow({ clientOrderId: id(), symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 1 });
    paper.onCandle('BTC/USDT', bar(1, 100, 100, 100, 100)); // buys 1 at 100.25, fee 0.10025
    paper.placeOrderNow({ clientOrderId: id(), symbol: 'BTC/USDT', side: 'sell', type: 'market', amount: 1 });
    paper.onCandle('BTC/USDT', bar(2, 120, 121, 119, 120)); // sells at 120 × 0.9975 = 119.70, fee 0.1197
    expect(fills.map((f) => [f.side, f.price, f.fee])).toEqual([
      ['buy', 100.25, 0.10025],
      ['sell', 119.7, 0.1197],
    ]);
    expect(balance(paper, 'USDT').total).toBeCloseTo(10_000 - 100.25 - 0.10025 + 119.7 - 0.1197, 10);
    expect(balance(paper, 'BTC').total).toBe(0);
  });

  it('uses zero slippage when configured so, and a fee override for every market', () => {
    const { paper, fills } = exchange(10_000, { slippage: 0, fees: { maker: 0.0004, taker: 0.0004 } });
    paper.onCandle('BTC/USDT', bar(0, 4.7, 4.7, 4.7, 4.7));
    paper.placeOrderNow({ clientOrderId: id(), symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 1000 });
    paper.onCandle('BTC/USDT', bar(1, 4.71, 4.72, 4.7, 4.71));
    expect(fills[0]).toMatchObject({ price: 4.71, amount: 1000, fee: 1.884 });
  });
});

describe('paper exchange: limit and stop-limit orders', () => {
  it('fills a resting limit buy only when the bar trades THROUGH the limit, at the limit, as maker', () => {
    const { paper, fills } = exchange();
    paper.onCandle('BTC/USDT', bar(0, 105, 106, 104, 105));
    paper.placeOrderNow({ clientOrderId: id(), symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 100 });
    paper.onCandle('BTC/USDT', bar(1, 103, 104, 100, 101)); // touches 100, does not trade through
    expect(fills).toHaveLength(0);
    paper.onCandle('BTC/USDT', bar(2, 101, 102, 99.5, 100.5));
    expect(fills).toEqual([expect.objectContaining({ price: 100, amount: 1, liquidity: 'maker', fee: 0.02 })]);
  });

  it('fills a limit partially when the bar volume is smaller than the order, the rest on later bars', async () => {
    const { paper, fills } = exchange(100_000);
    paper.onCandle('BTC/USDT', bar(0, 105, 106, 104, 105));
    const clientOrderId = id();
    paper.placeOrderNow({ clientOrderId, symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 10, price: 100 });
    paper.onCandle('BTC/USDT', bar(1, 101, 101, 99, 100, 4)); // only 4 BTC traded in this bar
    expect(fills.map((f) => f.amount)).toEqual([4]);
    expect(await paper.fetchOrderByClientId(clientOrderId)).toMatchObject({ status: 'partially_filled', filled: 4 });
    paper.onCandle('BTC/USDT', bar(2, 100, 101, 99, 100, 50));
    expect(fills.map((f) => f.amount)).toEqual([4, 6]);
    expect(await paper.fetchOrderByClientId(clientOrderId)).toMatchObject({ status: 'filled', filled: 10, averagePrice: 100 });
    expect(balance(paper, 'USDT')).toMatchObject({ used: 0, total: 100_000 - 1_000 - 0.2 });
  });

  it('caps the volume by the participation rate', () => {
    const { paper, fills } = exchange(100_000, { participation: 0.25 });
    paper.onCandle('BTC/USDT', bar(0, 105, 106, 104, 105));
    paper.placeOrderNow({ clientOrderId: id(), symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 10, price: 100 });
    paper.onCandle('BTC/USDT', bar(1, 101, 101, 99, 100, 20));
    expect(fills.map((f) => f.amount)).toEqual([5]);
  });

  it('triggers a stop-limit sell at its stop and fills there (taker); a gap below the limit leaves it resting', () => {
    const funded = new PaperExchange({ markets: [BTC], balances: { BTC: 2 }, config: { slippage: 0 }, now: () => T0 });
    const got: Fill[] = [];
    funded.onOrderUpdate((u) => got.push(...u.fills));
    funded.onCandle('BTC/USDT', bar(0, 100, 100, 100, 100));
    funded.placeOrderNow({ clientOrderId: id(), symbol: 'BTC/USDT', side: 'sell', type: 'stop_limit', amount: 1, stopPrice: 95, price: 94 });
    funded.placeOrderNow({ clientOrderId: id(), symbol: 'BTC/USDT', side: 'sell', type: 'stop_limit', amount: 1, stopPrice: 90, price: 89 });
    funded.onCandle('BTC/USDT', bar(1, 99, 99, 93, 94)); // reaches 95 → sells at 95
    expect(got.map((f) => [f.price, f.liquidity])).toEqual([[95, 'taker']]);
    funded.onCandle('BTC/USDT', bar(2, 85, 86, 84, 85)); // opens below 89: triggered but the limit is out of reach
    expect(got).toHaveLength(1);
    funded.onCandle('BTC/USDT', bar(3, 88, 90, 87, 89)); // trades through 89 → maker fill at 89
    expect(got.map((f) => [f.price, f.liquidity])).toEqual([
      [95, 'taker'],
      [89, 'maker'],
    ]);
    expect(funded.balancesNow()).toEqual([
      { currency: 'BTC', free: 0, used: 0, total: 0 },
      { currency: 'USDT', free: 95 + 89 - 95 * 0.001 - 89 * 0.0002, used: 0, total: 95 + 89 - 95 * 0.001 - 89 * 0.0002 },
    ]);
  });
});

describe('paper exchange: a stop the market has already reached', () => {
  // Binance spot refuses these with -2010 "Order would trigger immediately." (errors.md); so does paper.
  it('refuses a sell stop-limit whose stop is at or above the last price, and a buy one at or below it, holding nothing', () => {
    const { paper, fills } = exchange();
    paper.onCandle('BTC/USDT', bar(0, 100, 100, 100, 100));
    paper.placeOrderNow({ clientOrderId: id(), symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 2 });
    paper.onCandle('BTC/USDT', bar(1, 100, 101, 99, 100));
    const before = paper.balancesNow();
    const refusal = (order: { side: 'buy' | 'sell'; stopPrice: number; price: number }) => {
      try {
        paper.placeOrderNow({ clientOrderId: id(), symbol: 'BTC/USDT', type: 'stop_limit', amount: 1, ...order });
      } catch (error) {
        return isExchangeError(error, 'invalid_order') ? [error.message, error.field] : ['not an exchange refusal', String(error)];
      }
      return ['placed', undefined];
    };
    expect(refusal({ side: 'sell', stopPrice: 102, price: 101 })).toEqual([
      'BTC/USDT: Order would trigger immediately: the stop price 102 is at or above the last price 100 — a sell stop must be below the market; refused, nothing was placed',
      'stopPrice',
    ]);
    expect(refusal({ side: 'sell', stopPrice: 100, price: 99 })[1]).toBe('stopPrice');
    expect(refusal({ side: 'buy', stopPrice: 98, price: 99 })).toEqual([
      'BTC/USDT: Order would trigger immediately: the stop price 98 is at or below the last price 100 — a buy stop must be above the market; refused, nothing was placed',
      'stopPrice',
    ]);
    expect(paper.balancesNow()).toEqual(before);
    // On the right side of the market they rest until the price reaches them.
    expect(refusal({ side: 'sell', stopPrice: 95, price: 94 })).toEqual(['placed', undefined]);
    expect(refusal({ side: 'buy', stopPrice: 105, price: 106 })).toEqual(['placed', undefined]);
    paper.onCandle('BTC/USDT', bar(2, 100, 101, 99, 100));
    expect(fills).toHaveLength(1); // the market buy only
  });
});

describe('paper exchange: balances', () => {
  it('reserves funds so two concurrent orders can never spend the same money', async () => {
    const { paper } = exchange(1_000);
    paper.onCandle('BTC/USDT', bar(0, 100, 100, 100, 100));
    const order = (n: number) => ({ clientOrderId: `concurrent-${n}`, symbol: 'BTC/USDT', side: 'buy' as const, type: 'limit' as const, amount: 6, price: 100 });
    const results = await Promise.allSettled([paper.placeOrder(order(1)), paper.placeOrder(order(2))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    const error = (results[1] as PromiseRejectedResult).reason as Error;
    expect(isExchangeError(error, 'insufficient_funds')).toBe(true);
    expect(error.message).toMatch(/insufficient balance: buy 6 BTC at 100 needs 600\.6 USDT, only 399\.4 USDT is free/);
    expect(balance(paper, 'USDT')).toEqual({ currency: 'USDT', free: 399.4, used: 600.6, total: 1_000 });
  });

  it('releases the reservation when an order is canceled', async () => {
    const { paper } = exchange(1_000);
    paper.onCandle('BTC/USDT', bar(0, 100, 100, 100, 100));
    await paper.placeOrder({ clientOrderId: 'to-cancel', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 6, price: 100 });
    expect(await paper.cancelOrder('to-cancel', 'BTC/USDT')).toMatchObject({ outcome: 'canceled' });
    expect(balance(paper, 'USDT')).toEqual({ currency: 'USDT', free: 1_000, used: 0, total: 1_000 });
    await expect(paper.placeOrder({ clientOrderId: 'next', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 9, price: 100 })).resolves.toMatchObject({ status: 'open' });
  });

  it('rejects selling more than is held', () => {
    const { paper } = exchange(1_000);
    paper.onCandle('BTC/USDT', bar(0, 100, 100, 100, 100));
    expect(() => paper.placeOrderNow({ clientOrderId: id(), symbol: 'BTC/USDT', side: 'sell', type: 'market', amount: 1 })).toThrow(/insufficient balance: sell 1 BTC at market needs 1 BTC, only 0 BTC is free/);
  });

  it('does not drift over thousands of fills (fixed-point ledger)', () => {
    const { paper } = exchange(10_000, { slippage: 0, fees: { maker: 0.001, taker: 0.001 } });
    let floatCash = 10_000;
    for (let i = 0; i < 2_000; i++) {
      paper.onCandle('BTC/USDT', bar(2 * i, 0.3, 0.3, 0.3, 0.3, 1e9));
      paper.placeOrderNow({ clientOrderId: id(), symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 30 });
      paper.onCandle('BTC/USDT', bar(2 * i + 1, 0.1, 0.1, 0.1, 0.1, 1e9));
      floatCash -= 0.1 * 30 + 0.1 * 30 * 0.001;
    }
    // Exactly: 2000 × (3 + 0.003) = 6006 spent.
    expect(balance(paper, 'USDT').total).toBe(3_994);
    expect(balance(paper, 'BTC').total).toBe(60_000);
    expect(floatCash).not.toBe(3_994); // the naive float sum does drift — the ledger must not
  });
});

describe('paper exchange: market rules and precision', () => {
  it('truncates amounts and rounds prices to the market steps', async () => {
    const { paper } = exchange(100_000);
    paper.onCandle('BTC/USDT', bar(0, 100, 100, 100, 100));
    const order = await paper.placeOrder({ clientOrderId: id(), symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.123456, price: 99.995 });
    expect(order).toMatchObject({ amount: 0.1234, price: 100 });
    expect(paper.roundAmount('BTC/USDT', 0.00019999)).toBe(0.0001);
    expect(paper.roundPrice('BTC/USDT', 64_000.004999)).toBe(64_000);
  });

  it('rejects an amount below the minimum, naming the rule and the numbers', async () => {
    const { paper } = exchange();
    paper.onCandle('BTC/USDT', bar(0, 64_000, 64_000, 64_000, 64_000));
    await expect(paper.placeOrder({ clientOrderId: id(), symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.00001 })).rejects.toThrow(
      'BTC/USDT: amount 0.00001 BTC rounds to 0 at the step 0.0001',
    );
    const small = new PaperExchange({ markets: [{ ...BTC, amountStep: 0.00001 }], balances: { USDT: 100 }, now: () => T0 });
    small.onCandle('BTC/USDT', bar(0, 64_000, 64_000, 64_000, 64_000));
    await expect(small.placeOrder({ clientOrderId: id(), symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.00001 })).rejects.toThrow(
      'amount 0.00001 BTC is below the minimum 0.0001',
    );
  });

  it('refuses a market order before any price is known and an unknown market', async () => {
    const { paper } = exchange();
    await expect(paper.placeOrder({ clientOrderId: id(), symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 1 })).rejects.toThrow(/no price yet/);
    await expect(paper.placeOrder({ clientOrderId: id(), symbol: 'ETH/USDT', side: 'buy', type: 'market', amount: 1 })).rejects.toThrow(/not a market/);
  });
});

describe('paper exchange: orders changed while a bar is matched', () => {
  it('keeps an order a listener places after cancelling another in the same match (the engine ends a cycle there)', async () => {
    const { paper } = exchange();
    paper.onCandle('BTC/USDT', bar(0, 100, 100, 100, 100));
    const exitLater = id();
    const restingGridBuy = id();
    paper.placeOrderNow({ clientOrderId: exitLater, symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 99 });
    paper.placeOrderNow({ clientOrderId: restingGridBuy, symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 50 });
    const placedInMatch = id();
    paper.onOrderUpdate((update) => {
      if (update.order.clientOrderId !== exitLater || update.fills.length === 0) return;
      paper.cancelOrderNow(restingGridBuy);
      paper.placeOrderNow({ clientOrderId: placedInMatch, symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 90 });
    });
    paper.onCandle('BTC/USDT', bar(1, 100, 100, 98, 99)); // fills the 99 buy; the listener cancels and places
    expect((await paper.fetchOpenOrders()).map((o) => o.clientOrderId)).toEqual([placedInMatch]);
    paper.onCandle('BTC/USDT', bar(2, 95, 95, 89, 90)); // reaches 90: the order placed in the match fills
    expect((await paper.fetchOrderByClientId(placedInMatch))?.status).toBe('filled');
  });
});
