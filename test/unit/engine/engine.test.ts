import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { TradingEngine } from '../../../core/engine/engine.js';
import type { EngineFill } from '../../../core/engine/events.js';
import type { ClosedTrade } from '../../../core/engine/positions.js';
import type { RiskEvent, RiskGate } from '../../../core/engine/risk-gate.js';
import { PaperExchange } from '../../../core/exchange/paper-exchange.js';
import type { Candle, Timeframe } from '../../../core/market/candle.js';
import { rollupCandles } from '../../../core/market/rollup.js';
import { simulateCandles, DEFAULT_SIMULATED_SYMBOLS } from '../../../core/market/simulator.js';
import { STRATEGY_API_VERSION, type ExitPlan, type Intent, type StrategyContext, type StrategyDefinition } from '../../../core/strategies/contract.js';
import { testMarket } from '../../helpers/markets.js';

const RULES = testMarket('BTC/USDT', { minAmount: 0.0001 });
const T0 = Date.UTC(2024, 0, 1);

/** A strategy whose decisions are scripted per bar index: the thing under test is the engine. */
function scripted(script: (ctx: StrategyContext, bar: number) => readonly Intent[], timeframes: Timeframe[] = ['1m']): StrategyDefinition<Record<string, never>> {
  return {
    apiVersion: STRATEGY_API_VERSION,
    name: 'scripted',
    description: 'test script',
    params: z.object({}) as unknown as z.ZodType<Record<string, never>>,
    timeframes,
    warmupBars: 3,
    create: () => {
      let bar = 0;
      return { onCandle: (ctx) => script(ctx, bar++), readiness: () => 50 };
    },
  };
}

function flat(minute: number, price: number, extra: Partial<Candle> = {}): Candle {
  return { time: T0 + minute * 60_000, open: price, high: price, low: price, close: price, volume: 1_000, ...extra };
}

function setup(strategy: StrategyDefinition<Record<string, never>>, options: { riskGate?: RiskGate; cash?: number } = {}) {
  const exchange = new PaperExchange({ markets: [RULES], balances: { USDT: options.cash ?? 100_000 }, config: { slippage: 0 }, now: () => T0 });
  const fills: EngineFill[] = [];
  const trades: ClosedTrade[] = [];
  const events: RiskEvent[] = [];
  const engine = new TradingEngine({
    strategy,
    params: {},
    symbols: ['BTC/USDT'],
    exchange,
    budget: options.cash ?? 100_000,
    ...(options.riskGate ? { riskGate: options.riskGate } : {}),
    listener: { onFill: (f) => fills.push(f), onTrade: (t) => trades.push(t), onRiskEvent: (e) => events.push(e) },
  });
  return { engine, exchange, fills, trades, events };
}

const enter = (qty: number, exits?: ExitPlan, kind: 'enter' | 'add' = 'enter'): Intent => ({
  kind,
  symbol: 'BTC/USDT',
  size: { kind: 'quantity', quantity: qty },
  orderType: 'market',
  reason: 'test entry',
  ...(exits ? { exits } : {}),
});

describe('trading engine', () => {
  it('fills a market entry at the next bar open and a signal exit likewise, sharing one trade id', () => {
    const { engine, fills, trades } = setup(
      scripted((ctx, bar) => (bar === 0 ? [enter(1)] : bar === 2 ? [{ kind: 'exit_all', symbol: ctx.symbol, reason: 'signal' }] : [])),
    );
    [100, 101, 102, 103, 104].forEach((price, i) => engine.onCandle('BTC/USDT', flat(i, price)));
    expect(fills.map((f) => [f.side, f.price, f.time - T0, f.tradeId, f.reason])).toEqual([
      ['buy', 101, 60_000, 't1', 'test entry'],
      ['sell', 103, 180_000, 't1', 'signal'],
    ]);
    expect(trades).toEqual([
      expect.objectContaining({ id: 't1', qty: 1, entryPrice: 101, exitPrice: 103, reason: 'signal', fees: 0.101 + 0.103 }),
    ]);
    expect(trades[0]!.pnl).toBeCloseTo(2 - 0.204, 12);
  });

  it('exits intrabar at the stop price with exactly one reason, before the strategy sees the bar', () => {
    const seen: (number | null)[] = [];
    const { engine, trades, fills } = setup(
      scripted((ctx, bar) => {
        seen.push(ctx.position?.quantity ?? null);
        return bar === 0 ? [enter(2, { stopLoss: 95, takeProfits: [{ price: 120, fraction: 1 }] })] : [];
      }),
    );
    engine.onCandle('BTC/USDT', flat(0, 100));
    engine.onCandle('BTC/USDT', flat(1, 100, { high: 101, low: 99, close: 100 })); // entry fills at 100
    engine.onCandle('BTC/USDT', flat(2, 98, { high: 99, low: 94, close: 96 })); // stop at 95 is hit
    expect(trades).toEqual([expect.objectContaining({ reason: 'stop_loss', exitPrice: 95, qty: 2 })]);
    expect(fills.map((f) => f.reason)).toEqual(['test entry', 'stop_loss']);
    expect(seen).toEqual([null, 2, null]);
  });

  it('takes partial profits level by level and trails the rest, all exits of one position under one trade id', () => {
    const { engine, trades } = setup(
      scripted((_ctx, bar) =>
        bar === 0 ? [enter(4, { stopLoss: 90, takeProfits: [{ price: 110, fraction: 0.5 }, { price: 150, fraction: 0.5 }], trailing: { activationPrice: 112, distancePct: 5 } })] : [],
      ),
    );
    engine.onCandle('BTC/USDT', flat(0, 100));
    engine.onCandle('BTC/USDT', flat(1, 100, { high: 100, low: 100 })); // entry 4 @ 100
    engine.onCandle('BTC/USDT', flat(2, 105, { high: 120, low: 104, close: 118 })); // TP1 at 110 for 2; high 120 arms trailing at 114
    engine.onCandle('BTC/USDT', flat(3, 117, { high: 118, low: 113, close: 113.5 })); // trailing stop 114 hit
    expect(trades.map((t) => [t.id, t.reason, t.qty, t.exitPrice])).toEqual([
      ['t1', 'take_profit', 2, 110],
      ['t1', 'trailing_stop', 2, 114],
    ]);
  });

  it('adds tranches to the open position under the same trade id and averages the entry', () => {
    const { engine, fills } = setup(
      scripted((ctx, bar) => (bar === 0 ? [enter(1)] : bar === 1 ? [enter(3, undefined, 'add')] : bar === 3 ? [{ kind: 'exit_all', symbol: ctx.symbol, reason: 'signal' }] : [])),
    );
    [100, 100, 80, 90, 95].forEach((price, i) => engine.onCandle('BTC/USDT', flat(i, price)));
    expect(fills.map((f) => [f.side, f.qty, f.price, f.tradeId])).toEqual([
      ['buy', 1, 100, 't1'],
      ['buy', 3, 80, 't1'],
      ['sell', 4, 95, 't1'],
    ]);
    const next = setup(scripted((ctx, bar) => (bar === 0 || bar === 3 ? [enter(1)] : bar === 1 || bar === 4 ? [{ kind: 'exit_all', symbol: ctx.symbol, reason: 'signal' }] : [])));
    [1, 2, 3, 4, 5, 6, 7].forEach((price, i) => next.engine.onCandle('BTC/USDT', flat(i, 100 + price)));
    expect(next.fills.map((f) => f.tradeId)).toEqual(['t1', 't1', 't2', 't2']);
  });

  it('turns a strategy throw into a recorded StrategyError and keeps running', () => {
    const { engine, events, fills } = setup(
      scripted((_ctx, bar) => {
        if (bar === 1) throw new Error('boom');
        return bar === 2 ? [enter(1)] : [];
      }),
    );
    [100, 101, 102, 103].forEach((price, i) => engine.onCandle('BTC/USDT', flat(i, price)));
    expect(events).toEqual([expect.objectContaining({ kind: 'strategy_error', detail: expect.stringContaining('boom') })]);
    expect(fills).toHaveLength(1);
  });

  it('passes every order through the risk gate and records blocked entries', () => {
    const gate: RiskGate = { check: (order) => (order.purpose === 'exit' ? { ok: true } : { ok: false, reason: `cooldown until later (${order.amount} BTC)` }) };
    const { engine, events, fills } = setup(scripted((_ctx, bar) => (bar === 0 ? [enter(1)] : [])), { riskGate: gate });
    [100, 101].forEach((price, i) => engine.onCandle('BTC/USDT', flat(i, price)));
    expect(fills).toHaveLength(0);
    expect(events).toEqual([{ time: T0 + 60_000, kind: 'entry_blocked', detail: 'cooldown until later (1 BTC)' }]);
  });

  it('sizes quote and equity-fraction entries and rounds them to the amount step', () => {
    const { engine, fills } = setup(
      scripted((ctx, bar) =>
        bar === 0
          ? [{ kind: 'enter', symbol: ctx.symbol, size: { kind: 'quote', amount: 1_000 }, orderType: 'market', reason: 'quote' }]
          : bar === 1
            ? [{ kind: 'add', symbol: ctx.symbol, size: { kind: 'equity_fraction', fraction: 0.1 }, orderType: 'market', reason: 'fraction' }]
            : [],
      ),
      { cash: 50_000 },
    );
    [300, 300, 300].forEach((price, i) => engine.onCandle('BTC/USDT', flat(i, price)));
    // 1000 / 300 = 3.33333… → 3.3333; 10 % of ~50 000 equity / 300 → 16.6666
    expect(fills.map((f) => f.qty)).toEqual([3.3333, 16.6666]);
  });

  it('records an order the exchange refuses (insufficient balance) as a risk event, not a crash', () => {
    const { engine, events, fills } = setup(scripted((_ctx, bar) => (bar === 0 ? [enter(10)] : [])), { cash: 500 });
    [100, 101].forEach((price, i) => engine.onCandle('BTC/USDT', flat(i, price)));
    expect(fills).toHaveLength(0);
    expect(events).toEqual([expect.objectContaining({ kind: 'order_rejected', detail: expect.stringMatching(/insufficient balance/) })]);
  });

  it('delivers closed higher-timeframe bars identical to the candle store rollup, in time order', () => {
    const minutes = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 3, T0, 200);
    const delivered: Record<string, Candle[]> = { '1m': [], '5m': [], '15m': [] };
    const order: string[] = [];
    const { engine } = setup(
      scripted((ctx) => {
        delivered[ctx.timeframe]!.push({ ...ctx.candle });
        order.push(`${ctx.timeframe}@${ctx.time}`);
        return [];
      }, ['15m', '1m', '5m']),
    );
    for (const candle of minutes) engine.onCandle('BTC/USDT', { ...candle });
    expect(delivered['5m']).toEqual(rollupCandles(minutes, '5m').candles);
    expect(delivered['15m']).toEqual(rollupCandles(minutes, '15m').candles.slice(0, 13)); // 200 min = 13 closed 15m bars
    expect(delivered['1m']).toHaveLength(200);
    const at15 = `${T0 + 15 * 60_000}`;
    expect(order.filter((o) => o.endsWith(at15))).toEqual([`1m@${at15}`, `5m@${at15}`, `15m@${at15}`]);
  });

  it('gives strategies copies: mutating its candle, window or position view changes nothing the engine uses', () => {
    const lengths: number[] = [];
    const viewWrites: string[] = [];
    const { engine, fills } = setup(
      scripted((ctx, bar) => {
        const window = ctx.windows['1m'] as Candle[];
        lengths.push(window.length);
        window.length = 0; // the strategy's own copy of the window
        (ctx.candle as { close: number; open: number }).close = -1;
        (ctx.candle as { close: number; open: number }).open = -1;
        if (ctx.position) {
          try {
            (ctx.position as { quantity: number }).quantity = 1_000;
          } catch (error) {
            viewWrites.push((error as Error).name);
          }
        }
        return bar === 0 ? [enter(1)] : bar === 2 ? [{ kind: 'exit_all', symbol: ctx.symbol, reason: 'signal' }] : [];
      }),
    );
    const bars = [flat(0, 100), flat(1, 101), flat(2, 102), flat(3, 103)];
    bars.forEach((candle) => engine.onCandle('BTC/USDT', candle));
    expect(lengths).toEqual([1, 2, 3, 3]);
    expect(bars.map((b) => b.close)).toEqual([100, 101, 102, 103]);
    expect(viewWrites).toEqual(['TypeError', 'TypeError']);
    // Reference prices and fills used the real bars, and the whole position (1, not 1000) was sold.
    expect(fills.map((f) => [f.side, f.qty, f.price])).toEqual([
      ['buy', 1, 101],
      ['sell', 1, 103],
    ]);
  });
});
