import type { Candle } from '../../core/market/candle.js';

const MINUTE = 60_000;

/**
 * A crash-shaped 1m series, generated (no real data): `calmHours` around 100 with a small wiggle,
 * then a straight fall of `dropPct` % over `crashHours` (−12 % in 3 h: more than 10 % within 4 h, no
 * single hour down 5 %), a slow recovery to 100 over `recoveryHours` (about +1.4 % an hour: no
 * euphoria), then calm again. Deterministic.
 */
export interface CrashShape {
  readonly start: number;
  readonly calmHours?: number;
  readonly dropPct?: number;
  readonly crashHours?: number;
  readonly recoveryHours?: number;
  readonly tailHours?: number;
}

export function crashCandles(shape: CrashShape): Candle[] {
  const calm = (shape.calmHours ?? 6) * 60;
  const crash = (shape.crashHours ?? 3) * 60;
  const recovery = (shape.recoveryHours ?? 10) * 60;
  const tail = (shape.tailHours ?? 8) * 60;
  const bottom = 100 * (1 - (shape.dropPct ?? 12) / 100);
  const closes: number[] = [];
  for (let i = 0; i < calm; i++) closes.push(100 + 0.1 * Math.sin(i / 7));
  for (let i = 1; i <= crash; i++) closes.push(100 + ((bottom - 100) * i) / crash);
  for (let i = 1; i <= recovery; i++) closes.push(bottom + ((100 - bottom) * i) / recovery);
  for (let i = 0; i < tail; i++) closes.push(100 + 0.1 * Math.sin(i / 7));
  return closes.map((raw, i) => {
    const close = round(raw);
    const open = i === 0 ? close : round(closes[i - 1]!);
    return { time: shape.start + i * MINUTE, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 10 + (i % 5) };
  });
}

/** A calm series of the same length and times (a backtested symbol that does not crash itself). */
export function calmCandles(start: number, bars: number): Candle[] {
  return Array.from({ length: bars }, (_, i) => {
    const close = round(50 + 0.05 * Math.sin(i / 5));
    const open = i === 0 ? close : round(50 + 0.05 * Math.sin((i - 1) / 5));
    return { time: start + i * MINUTE, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 10 };
  });
}

/** A Binance-kline-shaped CSV (extra trailing column, as exported). */
export function candleCsv(candles: readonly Candle[]): string {
  return `open_time,open,high,low,close,volume,ignore\n${candles.map((c) => `${c.time},${c.open},${c.high},${c.low},${c.close},${c.volume},0`).join('\n')}\n`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
