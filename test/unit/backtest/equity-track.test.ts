import { getMaxDrawdown } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { EquityTrack } from '../../../core/backtest/equity-track.js';
import { computeMetrics } from '../../../core/backtest/metrics.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

/** A deterministic walk of closes and a run of balance changes over it (what a backtest records on fills). */
function world(bars: number) {
  let seed = 7;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const close = new Float64Array(bars);
  const times = new Float64Array(bars);
  let price = 40_000;
  for (let i = 0; i < bars; i++) {
    price *= 1 + (next() - 0.5) * 0.004;
    close[i] = Math.round(price * 100) / 100;
    times[i] = Date.UTC(2024, 0, 1) + i * MINUTE;
  }
  const track = new EquityTrack(close);
  const curve = new Float64Array(bars);
  let heldBars = 0;
  let cash = 10_000;
  let held = 0;
  for (let i = 0; i < bars; i++) {
    if (i === 0 || next() < 0.01) {
      // A buy or a sell at this bar's close, fees aside: a new run of balances from here on.
      if (held === 0 && i > 0) {
        held = 0.1;
        cash -= 0.1 * close[i]!;
      } else if (i > 0) {
        cash += held * close[i]!;
        held = 0;
      }
      track.change(i, cash, held);
    }
    curve[i] = cash + held * close[i]!;
    if (held > 0) heldBars++;
  }
  return { track, curve, times, heldBars };
}

describe('an equity curve kept as runs of unchanged balances', () => {
  const bars = 5 * 24 * 60 + 17;
  const { track, curve, times, heldBars } = world(bars);

  it('writes out, bar for bar, the curve a per-bar record would have kept', () => {
    expect(Array.from(track.write())).toEqual(Array.from(curve));
    const buffer = new Float64Array(bars + 10);
    expect(track.write(buffer).buffer).toBe(buffer.buffer);
  });

  it('gives the same drawdown, Sharpe and exposure as the written curve (identical numbers, not close ones)', () => {
    const input = { trades: [], totalFees: 0, initialCash: 10_000, finalValue: curve[bars - 1]!, times, timeOffset: MINUTE, barsInPosition: track.barsHeld() };
    const fromRuns = computeMetrics({ ...input, equity: track });
    const fromCurve = computeMetrics({ ...input, equity: curve });
    expect(fromRuns).toEqual(fromCurve);
    expect(track.barsHeld()).toBe(heldBars);
    expect(fromRuns.maxDrawdown).toBeGreaterThan(0);
    expect(fromRuns.sharpe).not.toBe(0);
  });

  it('finds each day\'s last bar across gaps of minutes to days (as a look at every bar finds it)', () => {
    const gappy = Float64Array.from(times, (_, i) => times[0]! + i * MINUTE + Math.floor(i / 97) * 7 * 60 * MINUTE + (i > 4000 ? 3 * DAY : 0));
    for (const series of [times, gappy]) {
      const dayOf = (i: number) => Math.floor((series[i]! + MINUTE - 1) / DAY);
      const expected = [10_000, ...Array.from(curve).filter((_, i) => i === bars - 1 || dayOf(i) !== dayOf(i + 1))];
      expect(track.dayCloses(10_000, series, MINUTE, DAY)).toEqual(expected);
    }
    expect(track.dayCloses(10_000, gappy, MINUTE, DAY).length).toBeGreaterThan(track.dayCloses(10_000, times, MINUTE, DAY).length);
  });

  it('counts a day that ends exactly at midnight as the day before', () => {
    const close = Float64Array.from([100, 110, 120]);
    const opens = Float64Array.from([DAY - 2 * MINUTE, DAY - MINUTE, DAY]);
    const runs = new EquityTrack(close);
    runs.change(0, 0, 1);
    // Bar 1 closes at midnight: the first day's last close; bar 2 is the next day's.
    expect(runs.dayCloses(50, opens, MINUTE, DAY)).toEqual([50, 110, 120]);
    expect(runs.barsHeld()).toBe(3);
  });

  it('finds the same max drawdown as trading-signals over the written curve, on adversarial curves', () => {
    let seed = 11;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const pick = <T,>(options: readonly T[]): T => options[Math.floor(next() * options.length)]!;
    for (let round = 0; round < 400; round++) {
      const bars = 1 + Math.floor(next() * 300);
      const base = pick([1e-9, 0.3, 1, 97.5, 40_000, 1e9, 2 ** 52]);
      // Closes that tie, creep by an ulp, drop to zero or below: where a per-peak shortcut could differ. (No NaN
      // closes: candles never hold one, and a run without holdings is weighed by its first bar's value.)
      const close = new Float64Array(bars);
      let price = base;
      for (let i = 0; i < bars; i++) {
        const step = pick(['walk', 'tie', 'ulp', 'jump', 'zero', 'negative']);
        if (step === 'walk') price *= 1 + (next() - 0.5) * 0.02;
        else if (step === 'ulp') price += (next() < 0.5 ? -1 : 1) * price * Number.EPSILON;
        else if (step === 'jump') price *= next() < 0.5 ? 0.5 : 1.7;
        close[i] = step === 'zero' ? 0 : step === 'negative' ? -price : price;
      }
      const track = new EquityTrack(close);
      for (let i = 0; i < bars; i++) {
        if (i === 0 || next() < 0.1) track.change(i, pick([0, -5, base, base * (next() - 0.3) * 3]), pick([0, 0, 1, 0.1, 3]));
      }
      const initialCash = pick([base, 0, -1, base * 2, Number.NaN]);
      const expected = getMaxDrawdown([initialCash, ...track.write()]) / 100;
      expect(track.maxDrawdown(initialCash)).toBe(expected);
    }
  });

  it('counts a drawdown that is still open at the last bar', () => {
    const track = new EquityTrack(Float64Array.from([100, 120, 90, 60]));
    track.change(0, 0, 1);
    expect(track.maxDrawdown(100)).toBe(getMaxDrawdown([100, 100, 120, 90, 60]) / 100);
    expect(track.maxDrawdown(100)).toBe(0.5);
  });
});
