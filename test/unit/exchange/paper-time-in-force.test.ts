import { describe, expect, it } from 'vitest';
import { isExchangeError } from '../../../core/exchange/errors.js';
import { PaperExchange } from '../../../core/exchange/paper-exchange.js';
import type { ExchangeOrder, Fill } from '../../../core/exchange/port.js';
import type { Candle } from '../../../core/market/candle.js';
import { testMarket } from '../../helpers/markets.js';

const BTC = testMarket('BTC/USDT', { minAmount: 0.0001, minCost: 5 });
const T0 = Date.UTC(2024, 0, 1);
let seq = 0;
const id = () => `tif-${++seq}`;
const bar = (minute: number, open: number, high: number, low: number, close: number, volume = 1_000): Candle => ({ time: T0 + minute * 60_000, open, high, low, close, volume });

function exchange() {
  const paper = new PaperExchange({ markets: [BTC], balances: { USDT: 100_000 }, now: () => T0, config: { participation: 0.1 } });
  const fills: Fill[] = [];
  const updates: ExchangeOrder[] = [];
  paper.onOrderUpdate((update) => {
    fills.push(...update.fills);
    updates.push(update.order);
  });
  paper.onCandle('BTC/USDT', bar(0, 100, 100, 100, 100));
  return { paper, fills, last: (clientOrderId: string) => updates.filter((o) => o.clientOrderId === clientOrderId).at(-1)! };
}

describe('paper exchange: post-only and time in force', () => {
  it('offers post-only, GTC, IOC and FOK on every market', () => {
    expect(exchange().paper.market('BTC/USDT').orderOptions).toEqual({ postOnly: true, timeInForce: ['GTC', 'IOC', 'FOK'] });
  });

  it('refuses a post-only buy at or above the last price with the reason, holding nothing', () => {
    const { paper } = exchange();
    let error: unknown;
    try {
      paper.placeOrderNow({ clientOrderId: id(), symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 100, postOnly: true });
    } catch (caught) {
      error = caught;
    }
    expect(isExchangeError(error, 'invalid_order')).toBe(true);
    expect((error as Error).message).toBe('BTC/USDT: post-only: a buy at 100 is at or above the last price 100, so it would take liquidity at once — refused, nothing was placed');
    expect(paper.freeBalance('USDT')).toBe(100_000);
  });

  it('rests a post-only buy below the market and fills it as a maker', () => {
    const { paper, fills } = exchange();
    paper.placeOrderNow({ clientOrderId: id(), symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 99, postOnly: true });
    paper.onCandle('BTC/USDT', bar(1, 100, 100, 98, 99));
    expect(fills.map((f) => [f.price, f.liquidity])).toEqual([[99, 'maker']]);
  });

  it('expires a post-only order the next bar opens through (it would have taken)', () => {
    const { paper, fills, last } = exchange();
    const clientOrderId = id();
    paper.placeOrderNow({ clientOrderId, symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 99, postOnly: true });
    paper.onCandle('BTC/USDT', bar(1, 98, 99, 97, 98));
    expect(fills).toHaveLength(0);
    expect(last(clientOrderId).status).toBe('expired');
    expect(paper.rejectionReason(clientOrderId)).toMatch(/^post-only: the market opened through the limit/);
    expect(paper.freeBalance('USDT')).toBe(100_000);
  });

  it('IOC: fills what the first bar allows and cancels the rest', () => {
    const { paper, fills, last } = exchange();
    const clientOrderId = id();
    // The participation rule lets a resting limit take 10 % of the bar's volume: 2 of 20 BTC.
    paper.placeOrderNow({ clientOrderId, symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 5, price: 99, timeInForce: 'IOC' });
    paper.onCandle('BTC/USDT', bar(1, 100, 100, 98, 99, 20));
    expect(fills.map((f) => f.amount)).toEqual([2]);
    expect(last(clientOrderId)).toMatchObject({ status: 'expired', filled: 2 });
    expect(paper.rejectionReason(clientOrderId)).toBe('immediate-or-cancel: 3 not filled at once — expired');
    expect(paper.balancesNow().find((b) => b.currency === 'USDT')!.used).toBe(0);
  });

  it('IOC that nothing fills expires unfilled on its first bar', () => {
    const { paper, last } = exchange();
    const clientOrderId = id();
    paper.placeOrderNow({ clientOrderId, symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 90, timeInForce: 'IOC' });
    paper.onCandle('BTC/USDT', bar(1, 100, 101, 99, 100));
    expect(last(clientOrderId)).toMatchObject({ status: 'expired', filled: 0 });
  });

  it('FOK: all or nothing — expires unfilled when the bar cannot fill all of it, fills whole when it can', () => {
    const { paper, fills, last } = exchange();
    const partial = id();
    paper.placeOrderNow({ clientOrderId: partial, symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 5, price: 99, timeInForce: 'FOK' });
    paper.onCandle('BTC/USDT', bar(1, 100, 100, 98, 99, 20));
    expect(fills).toHaveLength(0);
    expect(last(partial)).toMatchObject({ status: 'expired', filled: 0 });
    expect(paper.rejectionReason(partial)).toBe('fill-or-kill: only 2 of 5 could fill at once — expired unfilled');
    const whole = id();
    paper.placeOrderNow({ clientOrderId: whole, symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 99, timeInForce: 'FOK' });
    paper.onCandle('BTC/USDT', bar(2, 100, 100, 98, 99, 20));
    expect(last(whole)).toMatchObject({ status: 'filled', filled: 1 });
  });
});
