import { describe, expect, it } from 'vitest';
import { ADX, ATR, ROC } from '../../../core/indicators/index.js';

// Bars (high, low, close) and, from the second bar on, their true range and directional moves:
//   b0 10   8    9
//   b1 11   9   10    TR 2    up  1   down −1   → +DM 1
//   b2 10.5 9.5 10    TR 1    up −.5  down −.5  → none
//   b3 13  11   12    TR 3    up 2.5  down −1.5 → +DM 2.5 (a gap up: |13 − 10| is the true range)
//   b4 12   8    9    TR 4    up −1   down 3    → −DM 3
//   b5 9.5  9    9.2  TR 0.5  up −2.5 down −1   → none
//   b6 10   9    9.8  TR 1    up 0.5  down 0    → +DM 0.5
const BARS = [
  [10, 8, 9],
  [11, 9, 10],
  [10.5, 9.5, 10],
  [13, 11, 12],
  [12, 8, 9],
  [9.5, 9, 9.2],
  [10, 9, 9.8],
].map(([high, low, close]) => ({ high: high!, low: low!, close: close! }));

describe('ATR (TA-Lib: true ranges from the second bar, seeded with their simple average)', () => {
  it('ATR(3) by hand', () => {
    const atr = new ATR(3);
    const values = BARS.map((bar) => atr.add(bar));
    // (2 + 1 + 3)/3 = 2 on b3; then Wilder: (2·2 + 4)/3 = 8/3, (8/3·2 + 0.5)/3 = 35/18, (35/18·2 + 1)/3 = 22/27.
    // (Counting b0's high − low as a range, as trading-signals does, would give a value on b2 already.)
    expect(values.slice(0, 3)).toEqual([null, null, null]);
    expect(values[3]).toBe(2);
    expect(values[4]).toBeCloseTo(8 / 3, 12);
    expect(values[5]).toBeCloseTo(35 / 18, 12);
    expect(values[6]).toBeCloseTo(44 / 27, 12);
  });

  it('revises the newest bar', () => {
    const atr = new ATR(3);
    BARS.slice(0, 4).forEach((bar) => atr.add(bar));
    atr.replace({ high: 50, low: 1, close: 2 });
    expect(atr.replace(BARS[3]!)).toBe(2);
    expect(atr.add(BARS[4]!)).toBeCloseTo(8 / 3, 12);
  });
});

describe('ADX, +DI, −DI (TA-Lib: Wilder sums seeded over the first N − 1 moves; ADX seeded with the average DX)', () => {
  it('ADX(3) by hand', () => {
    const adx = new ADX(3);
    const values = BARS.map((bar) => adx.add(bar));
    expect(values.slice(0, 3)).toEqual([null, null, null]);
    // Sums of the first 2 moves: +DM 1, −DM 0, TR 3. Then sum − sum/3 + move:
    // b3: +DM 1 − 1/3 + 2.5 = 19/6, TR 3 − 1 + 3 = 5 → +DI 100·(19/6)/5, −DI 0, DX 100
    expect(values[3]).toEqual({ plusDI: expect.closeTo((100 * 19) / 30, 12), minusDI: 0, adx: null });
    // b4: +DM 19/9, −DM 3, TR 22/3 → +DI 100·19/66, −DI 100·27/66, DX 100·8/46
    expect(values[4]).toEqual({ plusDI: expect.closeTo((100 * 19) / 66, 12), minusDI: expect.closeTo((100 * 27) / 66, 12), adx: null });
    // b5: +DM 38/27, −DM 2, TR 97/18 → +DI 100·76/291, −DI 100·36/97, DX 100·4/23; ADX = (100 + 400/23 + 400/23)/3
    const firstAdx = (100 + 400 / 23 + 400 / 23) / 3;
    expect(values[5]).toEqual({ plusDI: expect.closeTo((100 * 76) / 291, 12), minusDI: expect.closeTo((100 * 36) / 97, 12), adx: expect.closeTo(firstAdx, 12) });
    // b6: +DM 233/162, −DM 4/3, TR 124/27 → +DI 100·233/744, −DI 100·9/31, DX 100·17/449; ADX Wilder-smoothed
    expect(values[6]).toEqual({
      plusDI: expect.closeTo((100 * 233) / 744, 12),
      minusDI: expect.closeTo((100 * 9) / 31, 12),
      adx: expect.closeTo((firstAdx * 2 + (100 * 17) / 449) / 3, 12),
    });
  });

  it('reads no direction on flat bars (no range: DI 0, ADX unchanged), and needs a period of at least 2', () => {
    const adx = new ADX(2);
    const flat = { high: 5, low: 5, close: 5 };
    expect([flat, flat, flat, flat].map((bar) => adx.add(bar))).toEqual([null, null, { plusDI: 0, minusDI: 0, adx: null }, { plusDI: 0, minusDI: 0, adx: 0 }]);
    expect(() => new ADX(1)).toThrow('ADX interval must be an integer ≥ 2, got 1');
  });
});

describe('ROC (percent, as TA-Lib and TradingView)', () => {
  it('ROC(2) by hand, 0 when the older input is 0', () => {
    const roc = new ROC(2);
    const values = [100, 110, 121, 99, 0, 5, 10].map((value) => roc.add(value));
    expect(values.slice(0, 2)).toEqual([null, null]);
    expect(values[2]).toBeCloseTo(21, 12); // 121 vs 100: +21 %
    expect(values[3]).toBeCloseTo(-10, 12); // 99 vs 110
    expect(values[4]).toBe(-100); // 0 vs 121
    expect(values[5]).toBeCloseTo((5 / 99 - 1) * 100, 12);
    expect(values[6]).toBe(0); // 10 vs 0: TA-Lib's rule
  });

  it('revises the newest input', () => {
    const roc = new ROC(2);
    [100, 110, 121].forEach((value) => roc.add(value));
    expect(roc.replace(150)).toBeCloseTo(50, 12);
    expect(roc.add(121)).toBeCloseTo(10, 12); // 121 vs 110: the revised 150 is still the newest, not a new input
  });
});
