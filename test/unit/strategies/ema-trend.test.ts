import { describe, expect, it } from 'vitest';
import type { Intent } from '../../../core/strategies/contract.js';
import { emaTrendState, emaTrendStrategy } from '../../../core/strategies/ema-trend.js';
import { StrategyDriver } from './harness.js';

const STACK = { fast: 105, mid: 103, slow: 101, base: 100 };
const FAST_PARAMS = { timeframe: '1h', emaFast: 3, emaMid: 6, emaSlow: 12, emaBase: 20 };

/** 20 flat bars, a rally of +2 per bar to 140, then a steady slide of −1.5 per bar. */
function rallyAndBreak(): number[] {
  const closes: number[] = [];
  for (let i = 0; i < 20; i += 1) closes.push(100);
  for (let i = 1; i <= 20; i += 1) closes.push(100 + 2 * i);
  for (let i = 1; i <= 10; i += 1) closes.push(140 - 1.5 * i);
  return closes;
}

/** Runs closes through the strategy, opening/closing a pretend position as the intents say. */
function run(params: object, closes: readonly number[]): Intent[] {
  const driver = new StrategyDriver(emaTrendStrategy, params, '1h');
  const seen: Intent[] = [];
  for (const close of closes) {
    for (const intent of driver.push({ close })) {
      seen.push(intent);
      if (intent.kind === 'enter' || intent.kind === 'add') driver.hold(close);
      if (intent.kind === 'exit_all') driver.flat();
    }
  }
  return seen;
}

describe('ema trend states', () => {
  it('reads S1–S3 from where the close sits in an ordered stack, S0 otherwise', () => {
    expect(emaTrendState(106, STACK)).toBe(1); // above everything, fast > mid
    expect(emaTrendState(104, STACK)).toBe(2); // under the fast EMA, above the mid
    expect(emaTrendState(106, { ...STACK, fast: 102.5 })).toBe(2); // fast dipped under mid: no momentum
    expect(emaTrendState(102, STACK)).toBe(3); // between slow and mid
    expect(emaTrendState(101, STACK)).toBe(0); // at the slow EMA: trend broken
    expect(emaTrendState(106, { ...STACK, mid: 100.5 })).toBe(0); // mid under slow: stack out of order
    expect(emaTrendState(106, { ...STACK, base: 101.5 })).toBe(0); // slow under base
  });
});

describe('ema-trend', () => {
  it('buys S1 large, adds S2 and S3 smaller on the pullback, and leaves everything when the trend breaks', () => {
    const intents = run(FAST_PARAMS, rallyAndBreak());
    expect(intents.map((i) => [i.kind, 'size' in i ? i.size : undefined, 'reason' in i ? i.reason : undefined])).toEqual([
      ['enter', { kind: 'equity_fraction', fraction: 0.4 }, 'ema trend S1 on 1h'],
      ['add', { kind: 'equity_fraction', fraction: 0.2 }, 'ema trend S2 on 1h'],
      ['add', { kind: 'equity_fraction', fraction: 0.2 }, 'ema trend S3 on 1h'],
      ['exit_all', undefined, 'signal'],
    ]);
    const exit = intents[3]!;
    if (exit.kind !== 'exit_all') throw new Error('expected exit_all');
    expect(exit.note).toMatch(/^emergency exit, trend broken: close \d+(\.\d+)? at or below EMA12 /);
    const enter = intents[0]!;
    if (enter.kind !== 'enter') throw new Error('expected enter');
    expect(enter.exits?.stopLoss).toBeCloseTo(102 * 0.9, 10); // entered on the first rally bar
  });

  it('trims into strength once per extension and re-arms after the close comes back', () => {
    // On a steady +2 rally the close stays ~1.5% above EMA3: one trim at 1%, no re-arm (needs < 0.5%).
    const steady = run({ ...FAST_PARAMS, trimExtensionPct: 1 }, rallyAndBreak());
    expect(steady.filter((i) => i.kind === 'exit_part')).toEqual([
      { kind: 'exit_part', symbol: 'BTC/USDT', fraction: 0.25, reason: 'take_profit', note: expect.stringMatching(/^trim into strength/) },
    ]);
    // A pause at 130 (close meets EMA3) re-arms; the rally's restart trims again, capped by maxTrims = 2.
    const closes = rallyAndBreak().slice(0, 35);
    for (let i = 0; i < 4; i += 1) closes.push(130);
    for (let i = 1; i <= 5; i += 1) closes.push(130 + 3 * i);
    for (let i = 0; i < 4; i += 1) closes.push(145);
    for (let i = 1; i <= 5; i += 1) closes.push(145 + 3 * i);
    const paused = run({ ...FAST_PARAMS, trimExtensionPct: 1 }, closes);
    expect(paused.filter((i) => i.kind === 'exit_part')).toHaveLength(2);
  });

  it('does not enter on the first warm bar: it waits for a transition', () => {
    // A rally from the first bar: the first warm state is already S1, so no entry.
    const closes = Array.from({ length: 40 }, (_, i) => 100 + i);
    expect(run(FAST_PARAMS, closes)).toEqual([]);
  });

  it('runs one instance per timeframe and ignores bars of other timeframes', () => {
    const driver = new StrategyDriver(emaTrendStrategy, { ...FAST_PARAMS, timeframe: '4h' }, '4h');
    for (const close of rallyAndBreak()) expect(driver.push({ close }, '1h')).toEqual([]);
    expect(driver.readiness()).toBe(0);
    const params = emaTrendStrategy.params.parse({ timeframe: '4h' });
    expect(emaTrendStrategy.requirements!(params)).toEqual({ timeframes: ['4h'], warmupBars: 333 });
    expect(params).toMatchObject({ emaFast: 20, emaMid: 60, emaSlow: 144, emaBase: 333 });
    expect(() => emaTrendStrategy.params.parse({ emaMid: 200 })).toThrow();
  });
});
