import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../core/backtest/runner.js';
import { TradingEngine } from '../../../core/engine/engine.js';
import type { EngineFill } from '../../../core/engine/events.js';
import type { EngineOrder, OrderSubmission } from '../../../core/engine/order-router.js';
import type { RiskEvent } from '../../../core/engine/risk-gate.js';
import { PaperExchange } from '../../../core/exchange/paper-exchange.js';
import type { CancelResult } from '../../../core/exchange/port.js';
import type { Candle, MarketSymbol } from '../../../core/market/candle.js';
import { STRATEGY_API_VERSION, type Intent, type StrategyContext, type StrategyDefinition } from '../../../core/strategies/contract.js';
import { dcaGridStrategy } from '../../../core/strategies/dca-grid.js';
import { testMarket } from '../../helpers/markets.js';

/**
 * When a position's cycle ends (its last quantity sold by any exit), the engine cancels the cycle's
 * entry orders still working — a DCA grid's other levels — in the same turn as the closing fill, in
 * backtests and on an account alike, so no later dip can fill them and open a position nobody asked for.
 */
const SYMBOL = 'BTC/USDT';
const T0 = Date.UTC(2024, 0, 1);

const bar = (minute: number, open: number, high: number, low: number, close: number, volume = 1_000): Candle => ({ time: T0 + minute * 60_000, open, high, low, close, volume });
const flat = (minute: number, price: number): Candle => bar(minute, price, price, price, price);

const limitBuy = (kind: 'enter' | 'add', price: number, exits?: { takeProfit: number; fraction?: number }): Intent => ({
  kind,
  symbol: SYMBOL,
  size: { kind: 'quantity', quantity: 1 },
  orderType: 'limit',
  limitPrice: price,
  reason: `level ${price}`,
  ...(exits ? { exits: { takeProfits: [{ price: exits.takeProfit, fraction: exits.fraction ?? 1 }], stopLoss: 80 } } : {}),
});

/** A three-level grid at 100 / 99 / 98 on the first bar; `later` scripts the bars after it. The strategy itself never cancels. */
function gridScript(takeProfit: { takeProfit: number; fraction?: number }, later: (ctx: StrategyContext, bar: number) => readonly Intent[] = () => []): StrategyDefinition<Record<string, never>> {
  return {
    apiVersion: STRATEGY_API_VERSION,
    name: 'grid-script',
    description: 'test script',
    params: z.object({}) as unknown as z.ZodType<Record<string, never>>,
    timeframes: ['1m'],
    warmupBars: 1,
    create: () => {
      let n = 0;
      return {
        onCandle: (ctx) => (n++ === 0 ? [limitBuy('enter', 100, takeProfit), limitBuy('add', 99), limitBuy('add', 98)] : later(ctx, n - 1)),
        readiness: () => 50,
      };
    },
  };
}

function simulated(strategy: StrategyDefinition<Record<string, never>>) {
  const exchange = new PaperExchange({ markets: [testMarket(SYMBOL)], balances: { USDT: 100_000 }, config: { slippage: 0 }, now: () => T0 });
  const fills: EngineFill[] = [];
  const events: RiskEvent[] = [];
  const engine = new TradingEngine({ strategy, params: {}, symbols: [SYMBOL], exchange, budget: 100_000, listener: { onFill: (f) => fills.push(f), onRiskEvent: (e) => events.push(e) } });
  return { engine, exchange, fills, events, open: async () => (await exchange.fetchOpenOrders(SYMBOL)).map((o) => [o.price, o.status]) };
}

describe('the end of a position cycle cancels its working entry orders', () => {
  it('take profit fills: the rest of the grid is cancelled in the same bar, and a later drop through its levels opens nothing', async () => {
    const { engine, fills, events, open } = simulated(gridScript({ takeProfit: 101 }));
    engine.onCandle(SYMBOL, flat(0, 100)); // grid placed at the close
    engine.onCandle(SYMBOL, bar(1, 100, 100.2, 99.5, 100)); // level 100 fills at the open; 99 and 98 rest
    expect(await open()).toEqual([[99, 'open'], [98, 'open']]);
    engine.onCandle(SYMBOL, bar(2, 100, 101.5, 99.8, 101.2)); // take profit at 101
    expect(fills.map((f) => [f.side, f.price, f.reason])).toEqual([['buy', 100, 'level 100'], ['sell', 101, 'take_profit']]);
    expect(await open()).toEqual([]);
    engine.onCandle(SYMBOL, bar(3, 101, 101, 96.5, 97)); // through both former levels
    engine.onCandle(SYMBOL, flat(4, 97));
    expect(fills).toHaveLength(2);
    expect(engine.position(SYMBOL)).toBeNull();
    expect(events).toEqual([]);
  });

  it('a partial take profit leaves the grid working; the manual close of the rest ends the cycle and cancels it', async () => {
    const { engine, fills, open } = simulated(gridScript({ takeProfit: 101, fraction: 0.5 }));
    engine.onCandle(SYMBOL, flat(0, 100));
    engine.onCandle(SYMBOL, bar(1, 100, 100.2, 99.5, 100));
    engine.onCandle(SYMBOL, bar(2, 100, 101.5, 99.8, 101.2)); // half sold at 101: the position and its grid go on
    expect(engine.position(SYMBOL)?.quantity).toBe(0.5);
    expect(await open()).toEqual([[99, 'open'], [98, 'open']]);
    engine.closePosition(SYMBOL, 'manual', T0 + 3 * 60_000); // a market sell: fills at the next open
    engine.onCandle(SYMBOL, bar(3, 101, 101, 100.5, 100.8));
    expect(fills.map((f) => [f.side, f.qty, f.reason])).toEqual([['buy', 1, 'level 100'], ['sell', 0.5, 'take_profit'], ['sell', 0.5, 'manual']]);
    expect(await open()).toEqual([]);
    engine.onCandle(SYMBOL, bar(4, 100.8, 100.8, 97, 97.5));
    expect(fills).toHaveLength(3);
  });

  it('leaves alone an entry sent after the close: it starts a new cycle under a new trade id', async () => {
    // The stop at 80 is not reached; the take profit closes the cycle intrabar, before the strategy sees bar 2.
    const { engine, fills, open } = simulated(gridScript({ takeProfit: 101 }, (ctx, n) => (n === 2 && ctx.position === null ? [limitBuy('enter', 95)] : [])));
    engine.onCandle(SYMBOL, flat(0, 100));
    engine.onCandle(SYMBOL, bar(1, 100, 100.2, 99.5, 100));
    engine.onCandle(SYMBOL, bar(2, 100, 101.5, 99.8, 101.2));
    expect(await open()).toEqual([[95, 'open']]);
    engine.onCandle(SYMBOL, bar(3, 101, 101, 94, 94.5));
    expect(fills.map((f) => [f.side, f.price, f.tradeId])).toEqual([['buy', 100, 't1'], ['sell', 101, 't1'], ['buy', 95, 't2']]);
  });

  it('on an account (orders through its pipeline, cancels answered later) each grid order is cancelled once, and the strategy’s own cancel meanwhile sends nothing more', async () => {
    const exchange = new SlowCancels({ markets: [testMarket(SYMBOL)], balances: { USDT: 100_000 }, config: { slippage: 0 }, now: () => T0 });
    let ids = 0;
    const submit = (order: EngineOrder): OrderSubmission => {
      const clientOrderId = `c${++ids}`;
      const request = { clientOrderId, symbol: order.tag.symbol, side: order.side, type: order.type, amount: order.amount, ...(order.limitPrice !== undefined ? { price: order.limitPrice } : {}) };
      return { clientOrderId, done: exchange.placeOrder(request).then(() => ({ ok: true as const })) };
    };
    const events: RiskEvent[] = [];
    // Like dca-grid: on its bar after the close it asks to cancel its entries (the engine already did).
    const strategy = gridScript({ takeProfit: 101 }, (ctx) => (ctx.position === null && ctx.openEntryOrders > 0 ? [{ kind: 'cancel_entries', symbol: SYMBOL }] : []));
    const engine = new TradingEngine({ strategy, params: {}, symbols: [SYMBOL], exchange, budget: 100_000, submit, listener: { onRiskEvent: (e) => events.push(e) } });
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    engine.onCandle(SYMBOL, flat(0, 100));
    await settle();
    engine.onCandle(SYMBOL, bar(1, 100, 100.2, 99.5, 100)); // level 100 fills
    engine.onCandle(SYMBOL, bar(2, 100, 101.5, 99.8, 101.2)); // take profit triggers: a market sell goes out
    await settle();
    engine.onCandle(SYMBOL, bar(3, 101.2, 101.3, 101, 101.1)); // the sell fills at the open: the cycle ends
    expect(engine.position(SYMBOL)).toBeNull();
    expect(exchange.cancels).toEqual(['c2', 'c3']); // sent in the closing fill's turn, not answered yet
    engine.onCandle(SYMBOL, flat(4, 101)); // the strategy's cancel_entries while they are on their way
    expect(exchange.cancels).toEqual(['c2', 'c3']);
    exchange.answer();
    await settle();
    expect(await exchange.fetchOpenOrders(SYMBOL)).toEqual([]);
    engine.onCandle(SYMBOL, bar(5, 101, 101, 96, 96.5));
    expect(engine.position(SYMBOL)).toBeNull();
    expect(events).toEqual([]);
  });
});

/** The paper venue with a venue's round trip on cancels: each is answered only when the test says so. */
class SlowCancels extends PaperExchange {
  readonly cancels: string[] = [];
  private waiting: (() => void)[] = [];

  override async cancelOrder(clientOrderId: string, symbol: MarketSymbol): Promise<CancelResult> {
    this.cancels.push(clientOrderId);
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    return super.cancelOrder(clientOrderId, symbol);
  }

  answer(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

describe('dca-grid in a backtest', () => {
  it('a take profit between two of its bars cancels the other levels at once: the dip before its next bar buys nothing', () => {
    // 1m data, the grid on 5m bars: flat at 100, then a 2 % fall on triple volume sets up a grid at 98 / 97.02 / 96.04.
    const candles: Candle[] = [];
    for (let m = 0; m < 30; m++) candles.push(flat(m, 100));
    for (let m = 30, open = 100; m < 35; m++, open -= 0.4) candles.push(bar(m, open, open, open - 0.4, open - 0.4, 3_000)); // closes at 98
    candles.push(bar(35, 97.9, 97.95, 97.85, 97.9)); // level 1 (98) fills at the open
    candles.push(bar(36, 97.9, 98.6, 97.85, 98.5)); // take profit 98.49 (0.5 % above 98): the cycle ends
    candles.push(bar(37, 98.5, 98.5, 96.5, 96.6)); // through 97.02 …
    candles.push(bar(38, 96.6, 96.6, 95.9, 96)); // … and 96.04, before the strategy's next bar (minute 40)
    for (let m = 39; m < 60; m++) candles.push(flat(m, 96));
    const params = dcaGridStrategy.params.parse({ timeframe: '5m', highWindowHours: 0.25, volumeLookback: 2, volumeFactor: 1, dropPct: 1, levels: 3, spacingPct: 1, takeProfitPct: 0.5 });
    const result = runBacktest({ strategy: dcaGridStrategy, params, candles, timeframe: '1m', symbol: SYMBOL, cash: 10_000, fee: 0.001, slippage: 0, priceStep: 0.01 });
    expect(result.fills.map((f) => [f.side, f.price, f.purpose, f.reason])).toEqual([
      ['buy', 97.9, 'enter', expect.stringMatching(/^dca grid level 1\/3/)],
      ['sell', 98.49, 'exit', 'take_profit'],
    ]);
    expect(result.openPosition).toBeNull();
    expect(result.riskEvents).toEqual([]);
  });
});
