import { describe, expect, it } from 'vitest';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles, SymbolSimulator } from '../../../core/market/simulator.js';
import { createSimulatedFeed } from '../../../core/market/sources.js';

const btc = DEFAULT_SIMULATED_SYMBOLS[0]!;

describe('simulated market', () => {
  it('is deterministic: the same seed gives the same series, another seed a different one', () => {
    const a = simulateCandles(btc, 7, 0, 2_000);
    const b = simulateCandles(btc, 7, 0, 2_000);
    const c = simulateCandles(btc, 8, 0, 2_000);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('produces sane candles: positive prices, consistent OHLC, contiguous minutes and opens', () => {
    for (const spec of DEFAULT_SIMULATED_SYMBOLS) {
      const candles = simulateCandles(spec, 123, 1_700_000_000_000 - (1_700_000_000_000 % 60_000), 20_000);
      const problems: string[] = [];
      candles.forEach((candle, i) => {
        if (!(candle.low > 0)) problems.push(`${i}: low ${candle.low} not positive`);
        if (candle.low > Math.min(candle.open, candle.close)) problems.push(`${i}: low above body`);
        if (candle.high < Math.max(candle.open, candle.close)) problems.push(`${i}: high below body`);
        if (candle.volume < 0) problems.push(`${i}: negative volume`);
        if (i > 0 && candle.time - candles[i - 1]!.time !== 60_000) problems.push(`${i}: not contiguous`);
        if (i > 0 && candle.open !== candles[i - 1]!.close) problems.push(`${i}: open is not the previous close`);
      });
      expect(problems.slice(0, 5), spec.symbol).toEqual([]);
    }
  });

  it('clusters volatility and visits every regime over a long run', () => {
    const simulator = new SymbolSimulator(btc, 99, 0);
    const returns: number[] = [];
    const regimes = new Set<string>();
    let previous = btc.startPrice;
    for (let i = 0; i < 200_000; i++) {
      const minute = simulator.next();
      regimes.add(minute.regime);
      returns.push(Math.log(minute.candle.close / previous));
      previous = minute.candle.close;
    }
    expect([...regimes].sort()).toEqual(['calm', 'crash', 'trending']);
    // Volatility clustering: absolute returns are positively autocorrelated.
    const abs = returns.map(Math.abs);
    const mean = abs.reduce((s, v) => s + v, 0) / abs.length;
    let num = 0;
    let den = 0;
    for (let i = 1; i < abs.length; i++) {
      num += (abs[i]! - mean) * (abs[i - 1]! - mean);
      den += (abs[i]! - mean) ** 2;
    }
    expect(num / den).toBeGreaterThan(0.05);
  });

  it('streams forming and closed bars at the requested speed, continuing the history', async () => {
    let now = 1_700_000_040_000;
    const feed = createSimulatedFeed({ seed: 1, speed: 60, historyMinutes: 100, now: () => now, tickMs: 60_000 });
    const history = await feed.history('BTC/USDT', '1m', 1_000);
    expect(history).toHaveLength(100);
    const updates: { time: number; closed: boolean; close: number }[] = [];
    feed.subscribe((u) => {
      if (u.symbol === 'BTC/USDT') updates.push({ time: u.candle.time, closed: u.closed, close: u.candle.close });
    });
    await feed.start();
    // speed 60: one market minute per real second.
    now += 500;
    feed.advance(500);
    expect(updates.at(-1)).toMatchObject({ closed: false, time: history.at(-1)!.time + 60_000 });
    now += 1_500;
    feed.advance(1_500);
    const closed = updates.filter((u) => u.closed);
    expect(closed.map((u) => u.time)).toEqual([history.at(-1)!.time + 60_000, history.at(-1)!.time + 120_000]);
    await feed.stop();
  });

  it('answers history as the newest bars, the forming one last, for any limit (1, part, all, more than held, rolled up)', async () => {
    let now = 1_700_000_040_000;
    const feed = createSimulatedFeed({ seed: 3, speed: 60, historyMinutes: 300, now: () => now, tickMs: 60_000 });
    await feed.start();
    now += 30_500;
    feed.advance(30_500);
    const all = await feed.history('BTC/USDT', '1m', 1_000);
    const forming = all.at(-1)!;
    expect(all.length).toBeGreaterThan(300);
    expect(forming.time).toBe(all.at(-2)!.time + 60_000);
    expect(await feed.history('BTC/USDT', '1m', 1)).toEqual([forming]);
    expect(await feed.history('BTC/USDT', '1m', 2)).toEqual(all.slice(-2));
    expect(await feed.history('BTC/USDT', '1m', 120)).toEqual(all.slice(-120));
    const hours = await feed.history('BTC/USDT', '1h', 3);
    expect(hours.at(-1)!.close).toBe(forming.close);
    expect(hours.at(-1)!.high).toBe(Math.max(...all.filter((bar) => bar.time >= hours.at(-1)!.time).map((bar) => bar.high)));
    await feed.stop();
  });

  it('resumes after the last fill of a faster-than-real-time run, so a restart never dates new bars before old fills', async () => {
    const now = Date.UTC(2026, 0, 5, 12, 0, 30);
    const lastFill = Date.UTC(2026, 0, 5, 20, 17, 12); // a previous run at --speed 600 got hours ahead
    const resumed = await createSimulatedFeed({ seed: 1, speed: 1, historyMinutes: 50, now: () => now, notBefore: lastFill }).history('BTC/USDT', '1m', 100);
    expect(resumed[0]!.time).toBeGreaterThan(lastFill - 50 * 60_000);
    expect(resumed.at(-1)!.time).toBeGreaterThanOrEqual(Date.UTC(2026, 0, 5, 20, 17));
    // With nothing ahead of the wall clock it ends at "now", as before.
    const fresh = await createSimulatedFeed({ seed: 1, speed: 1, historyMinutes: 50, now: () => now, notBefore: Date.UTC(2026, 0, 4) }).history('BTC/USDT', '1m', 100);
    expect(fresh.at(-1)!.time).toBeLessThanOrEqual(now);
    expect(fresh.at(-1)!.time).toBeGreaterThan(now - 3 * 60_000);
  });
});
