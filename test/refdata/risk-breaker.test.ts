import { describe, expect, it } from 'vitest';
import { loadCandleCsv } from '../../core/backtest/csv-source.js';
import { TradingEngine } from '../../core/engine/engine.js';
import type { EngineFill } from '../../core/engine/events.js';
import type { RiskEvent } from '../../core/engine/risk-gate.js';
import { PaperExchange } from '../../core/exchange/paper-exchange.js';
import { parseRiskConfig } from '../../core/risk/config.js';
import { RiskControls } from '../../core/risk/controls.js';
import { EngineRiskGate } from '../../core/risk/engine-gate.js';
import { InMemoryRiskStateStore } from '../../core/risk/state.js';
import { refdataFile } from './refdata-dir.js';
import { alwaysIn, iso } from './risk-helpers.js';

const DAY = 86_400_000;
const LIMIT_PCT = 4;

/**
 * The daily loss breaker on real data: a strategy that buys the March 2020 crash with wide stops loses
 * money fast. The breaker must trip on the first bar where the day's P&L (realised + unrealised,
 * marked at the bar's close) reaches −4 % of the day's starting equity — computed here independently
 * from the fills — and no entry may fill from then until the next UTC day.
 */
describe('daily loss breaker on the March 2020 BTC crash', () => {
  it(`trips at −${LIMIT_PCT} % of the day and blocks entries until the next UTC day`, async () => {
    const { candles } = await loadCandleCsv(refdataFile('candles', 'binance-futures', 'BTCUSDT-1m-2020-03-12T00_2020-03-13T04.csv'));
    const controls = new RiskControls({
      config: parseRiskConfig({ breaker: { dailyLossPct: LIMIT_PCT }, limits: { maxExposurePerSymbolPct: 100 }, tradeCooldownMinutes: 0, stopCooldown: { stops: 100 }, regime: { panic: [{ minutes: 60, pct: 99 }], caution: [], bleed: [], euphoria: [] } }),
      stateStore: new InMemoryRiskStateStore(),
      halted: () => false,
    });
    let engine: TradingEngine<{ quote: number; stopPct: number; takeProfitPct: number | null }> | null = null;
    const gate = new EngineRiskGate({ controls, tierOf: () => 'large', equity: () => engine!.equity() });
    const exchange = new PaperExchange({
      markets: [{ symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', amountStep: 1e-8, priceStep: 0.01, minAmount: null, maxAmount: null, minCost: null, maxCost: null, tier: 'large', makerFee: 0.0004, takerFee: 0.0004 }],
      balances: { USDT: 10_000 },
      config: { slippage: 0 },
    });
    const fills: EngineFill[] = [];
    const events: RiskEvent[] = [];
    engine = new TradingEngine({
      strategy: alwaysIn,
      params: { quote: 9_000, stopPct: 3, takeProfitPct: null },
      symbols: ['BTC/USDT'],
      exchange,
      budget: 10_000,
      riskGate: gate,
      listener: { onFill: (f) => fills.push(f), onRiskEvent: (e) => events.push(e) },
    });
    for (const candle of candles) engine.onCandle('BTC/USDT', candle);

    // Independent equity at each bar: cash and BTC from the fills up to that bar, marked at its close.
    // At most one trip per UTC day: once tripped, the day's entries are over.
    const expectedTrips: number[] = [];
    let cash = 10_000;
    let held = 0;
    let next = 0;
    let day = Number.NaN;
    let dayStart = 0;
    let previous = 10_000;
    for (const candle of candles) {
      while (next < fills.length && fills[next]!.time <= candle.time) {
        const f = fills[next++]!;
        cash += (f.side === 'buy' ? -1 : 1) * f.price * f.qty - f.fee;
        held += (f.side === 'buy' ? 1 : -1) * f.qty;
      }
      // The day starts at 00:00 UTC with the equity of the previous bar's close (the cash at the very start).
      if (Math.floor(candle.time / DAY) !== day) {
        day = Math.floor(candle.time / DAY);
        dayStart = previous;
      }
      const equity = cash + held * candle.close;
      previous = equity;
      const trippedToday = expectedTrips.some((t) => Math.floor(t / DAY) === day);
      if (!trippedToday && ((equity - dayStart) / dayStart) * 100 <= -LIMIT_PCT) expectedTrips.push(candle.time);
    }
    expect(expectedTrips.length, 'the crash must cost more than the limit in one day').toBeGreaterThan(0);
    const expectedTrip = expectedTrips[0];

    const trips = events.filter((e) => e.kind === 'breaker');
    expect(trips.map((e) => iso(e.time))).toEqual(expectedTrips.map(iso));
    expect(trips[0]!.detail).toMatch(new RegExp(`daily loss breaker: today's P&L -\\d+(\\.\\d+)? USDT \\(realised \\+ unrealised\\) is -\\d+\\.\\d+ % of the day's starting equity 10000 USDT, at or beyond the −${LIMIT_PCT} % limit; new entries are halted until 2020-03-13T00:00:00Z`));
    const nextDay = (Math.floor(expectedTrip! / DAY) + 1) * DAY;
    expect(fills.filter((f) => f.side === 'buy' && f.time > expectedTrip! && f.time < nextDay).map((f) => iso(f.time))).toEqual([]);
    // Entries resume the next day (until that day's own loss trips it again).
    expect(fills.some((f) => f.side === 'buy' && f.time >= nextDay)).toBe(true);
    for (const trip of expectedTrips.slice(1)) {
      const end = (Math.floor(trip / DAY) + 1) * DAY;
      expect(fills.filter((f) => f.side === 'buy' && f.time > trip && f.time < end).map((f) => iso(f.time))).toEqual([]);
    }
    expect(events.some((e) => e.kind === 'entry_blocked' && e.detail.startsWith('daily loss breaker'))).toBe(true);
  });
});
