import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TradingEngine } from '../../../core/engine/engine.js';
import type { EngineFill } from '../../../core/engine/events.js';
import type { RiskEvent } from '../../../core/engine/risk-gate.js';
import { PaperExchange } from '../../../core/exchange/paper-exchange.js';
import type { MarketRules } from '../../../core/exchange/port.js';
import type { Candle } from '../../../core/market/candle.js';
import { parseRiskConfig, type RiskConfigInput } from '../../../core/risk/config.js';
import { RiskControls } from '../../../core/risk/controls.js';
import { EngineRiskGate } from '../../../core/risk/engine-gate.js';
import { InMemoryRiskStateStore } from '../../../core/risk/state.js';
import { STRATEGY_API_VERSION, type StrategyDefinition } from '../../../core/strategies/contract.js';
import { HOUR, MIN, T0 } from './helpers.js';

const RULES: MarketRules = {
  symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', amountStep: 0.0001, priceStep: 0.01, minAmount: 0.0001, maxAmount: null,
  minCost: 1, maxCost: null, tier: 'large', makerFee: 0, takerFee: 0,
};

/** Buys 1000 USDT at market whenever it is flat, with a stop `stopPct` under the close: a strategy that always wants in. */
const alwaysIn: StrategyDefinition<{ stopPct: number }> = {
  apiVersion: STRATEGY_API_VERSION,
  name: 'always-in',
  description: 'test strategy: enters whenever flat',
  params: z.object({ stopPct: z.number().default(1) }),
  timeframes: ['1m'],
  warmupBars: 1,
  create: (params) => ({
    onCandle: (ctx) =>
      ctx.position === null && ctx.openEntryOrders === 0
        ? [{ kind: 'enter', symbol: ctx.symbol, size: { kind: 'quote', amount: 1_000 }, orderType: 'market', exits: { stopLoss: ctx.candle.close * (1 - params.stopPct / 100) }, reason: 'flat' }]
        : [],
    readiness: () => 0,
  }),
};

function run(candles: readonly Candle[], risk: RiskConfigInput) {
  const controls = new RiskControls({ config: parseRiskConfig(risk), stateStore: new InMemoryRiskStateStore(), halted: () => false });
  let engine: TradingEngine<{ stopPct: number }> | null = null;
  const gate = new EngineRiskGate({ controls, tierOf: () => 'large', equity: () => engine?.equity() ?? 10_000 });
  const events: RiskEvent[] = [];
  const fills: EngineFill[] = [];
  const exchange = new PaperExchange({ markets: [RULES], balances: { USDT: 10_000 }, config: { slippage: 0 } });
  engine = new TradingEngine({
    strategy: alwaysIn,
    params: { stopPct: 1 },
    symbols: ['BTC/USDT'],
    exchange,
    budget: 10_000,
    riskGate: gate,
    listener: { onRiskEvent: (e) => events.push(e), onFill: (f) => fills.push(f) },
  });
  for (const candle of candles) engine.onCandle('BTC/USDT', candle);
  return { events, fills, controls };
}

const bar = (time: number, close: number, low = close, open = close): Candle => ({ time, open, high: Math.max(open, close), low, close, volume: 1_000 });

describe('risk controls behind the engine', () => {
  it('raises PANIC during a crash, blocks entries while it lasts, and lets them resume when it ends', () => {
    // 30 flat bars at 100, a crash bar to 93 (7 %), 120 bars flat at 93, then 60 bars at 93.
    const candles: Candle[] = [];
    for (let i = 0; i < 30; i++) candles.push(bar(T0 + i * MIN, 100));
    candles.push(bar(T0 + 30 * MIN, 93, 93, 100));
    for (let i = 31; i < 200; i++) candles.push(bar(T0 + i * MIN, 93));
    const { events, fills } = run(candles, { regime: { bleed: [], minDwellMinutes: 30 }, tradeCooldownMinutes: 0 });

    const regimes = events.filter((e) => e.kind.startsWith('regime:'));
    // The crash bar closes at T0 + 31 min. The 1 h high of 100 leaves the window 60 min after the last 100 close
    // (bar 29, closing at T0 + 30 min) → the drop measure falls to 0 at T0 + 91 min; dwell long over → NORMAL.
    expect(regimes.map((e) => [e.kind, e.time])).toEqual([
      ['regime:PANIC', T0 + 31 * MIN],
      ['regime:NORMAL', T0 + 91 * MIN],
    ]);
    const panicStart = T0 + 31 * MIN;
    const panicEnd = T0 + 91 * MIN;
    const entriesDuringPanic = fills.filter((f) => f.side === 'buy' && f.time >= panicStart && f.time < panicEnd);
    expect(entriesDuringPanic).toEqual([]);
    const blocked = events.filter((e) => e.kind === 'entry_blocked');
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked.every((e) => e.time >= panicStart && e.time < panicEnd + MIN)).toBe(true);
    expect(blocked[0]!.detail).toContain('market regime PANIC');
    // Entries resume once NORMAL is back: the first buy after it fills on the next bar.
    expect(fills.some((f) => f.side === 'buy' && f.time >= panicEnd)).toBe(true);
    // The stop of the position held into the crash is the one exit: reason stop_loss.
    expect(fills.filter((f) => f.side === 'sell').map((f) => f.reason)).toEqual(['stop_loss']);
  });

  it('after three stop-losses in a row blocks the symbol for 4 h and reports a cooldown', () => {
    // Cycles of: bar at 100 (enter decided), bar at 100 (filled at its open), bar dipping to 98.5 (stop at 99 hit).
    const candles: Candle[] = [];
    let t = T0;
    for (let cycle = 0; cycle < 3; cycle++) {
      candles.push(bar(t, 100), bar(t + MIN, 100), bar(t + 2 * MIN, 100, 98.5));
      t += 3 * MIN;
    }
    const lastStopBar = t - MIN;
    for (let i = 0; i < 300; i++) candles.push(bar(t + i * MIN, 100));
    const { events, fills, controls } = run(candles, { regime: { bleed: [], caution: [] }, tradeCooldownMinutes: 0 });

    const stops = fills.filter((f) => f.side === 'sell');
    expect(stops.map((f) => f.reason)).toEqual(['stop_loss', 'stop_loss', 'stop_loss']);
    const cooldown = events.filter((e) => e.kind === 'cooldown');
    expect(cooldown).toHaveLength(1);
    expect(cooldown[0]!.detail).toBe('stop-loss cooldown: 3 consecutive stop-losses on BTC/USDT; new entries there are blocked for 4 h (large tier)');
    const until = cooldown[0]!.time + 4 * HOUR;
    expect(cooldown[0]!.time).toBe(lastStopBar);
    const buysAfter = fills.filter((f) => f.side === 'buy' && f.time > lastStopBar);
    // No entry during the 4 h; the first one fills on the bar after the cooldown ends.
    expect(buysAfter.length).toBeGreaterThan(0);
    expect(buysAfter[0]!.time).toBeGreaterThanOrEqual(until);
    expect(controls.events.recent().some((e) => e.kind === 'entry_blocked' && e.rule === 'stop_loss_cooldown')).toBe(true);
  });

  it('trips the daily loss breaker on the equity it watches bar by bar', () => {
    // A position of 1000 USDT bought at 100 with no stop that can save it: price collapses 60 % (−600 USDT = −6 % of 10000).
    const candles: Candle[] = [bar(T0, 100), bar(T0 + MIN, 100)];
    for (let i = 2; i < 10; i++) candles.push(bar(T0 + i * MIN, 40, 40, 40));
    const { events } = run(candles, { breaker: { dailyLossPct: 5 }, regime: { panic: [{ minutes: 60, pct: 99 }], caution: [], bleed: [], euphoria: [] }, limits: { maxExposurePerSymbolPct: 100 } });
    const breaker = events.filter((e) => e.kind === 'breaker');
    expect(breaker).toHaveLength(1);
    expect(breaker[0]!.detail).toContain("daily loss breaker: today's P&L");
    expect(breaker[0]!.detail).toContain('new entries are halted until 2024-01-11T00:00:00Z');
  });
});
