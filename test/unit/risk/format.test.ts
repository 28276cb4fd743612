import { describe, expect, it } from 'vitest';
import { timeText } from '../../../core/risk/support/format.js';

/** The definition: toISOString without its milliseconds. */
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('risk texts: timeText', () => {
  it('writes the UTC time as toISOString does, without milliseconds, across leap days, centuries and the range ends', () => {
    const edges = [0, 999, 1_000, 86_399_999, 86_400_000, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2100, 1, 28, 12), Date.UTC(2100, 2, 1), Date.UTC(2024, 0, 2, 22, 37), Date.UTC(9999, 11, 31, 23, 59, 59, 999)];
    const outside = [-1, -86_400_001, Date.UTC(10_000, 0, 1), 1.5, 1_704_234_480_000.25, Date.UTC(1, 0, 1) - 1];
    for (const ms of [...edges, ...outside]) expect(timeText(ms)).toBe(iso(ms));
    let state = 12_345;
    for (let i = 0; i < 20_000; i++) {
      state = (Math.imul(state, 1_103_515_245) + 12_345) & 0x7fffffff;
      const ms = Math.floor((state / 0x80000000) * Date.UTC(9999, 11, 31)) + (i % 1_000);
      expect(timeText(ms)).toBe(iso(ms));
      // Asked twice in a row (its memo) and after another time.
      expect(timeText(ms)).toBe(iso(ms));
    }
  });

  it('throws for a time no Date can hold, as toISOString does', () => {
    expect(() => timeText(Number.NaN)).toThrow(RangeError);
    expect(() => timeText(8.64e15 + 1)).toThrow(RangeError);
  });
});
