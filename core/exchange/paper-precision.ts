import { loadCcxtNumber, type CcxtPrecision } from './ccxt-number.js';

let ccxtPrecision: CcxtPrecision | null = null;

/** ccxt's rounding, loaded on first need (ccxt-number.ts). */
function precision(): CcxtPrecision {
  return (ccxtPrecision ??= loadCcxtNumber());
}

/**
 * Rounding to a market's step exactly as ccxt's amountToPrecision (truncate) and priceToPrecision
 * (round) do, but fast: ccxt's string arithmetic costs ~8 µs a call, too slow for a backtest that
 * rounds every fill. The float path is used only when it cannot disagree with ccxt — the value is
 * clearly away from a rounding boundary — and every borderline case is handed to ccxt itself.
 */
export class StepRounder {
  private readonly decimals: number;
  private readonly pow: number;

  constructor(readonly step: number) {
    if (!(step > 0) || !Number.isFinite(step)) throw new RangeError(`step must be positive, got ${step}`);
    this.decimals = decimalsOf(step);
    this.pow = 10 ** this.decimals;
  }

  /** amountToPrecision: toward zero, to a multiple of the step. */
  truncate(value: number): number {
    const units = value / this.step;
    const whole = Math.trunc(units);
    const fraction = Math.abs(units - whole);
    const noise = noiseOf(units);
    if (Math.abs(units) < 1e15) {
      // Clearly between two steps, or on a step give or take the float noise of value / step.
      if (fraction > noise && fraction < 1 - noise) return this.clean(whole);
      if (fraction <= noise && this.clean(whole) === value) return value;
      if (fraction >= 1 - noise && this.clean(whole + Math.sign(units)) === value) return value;
    }
    const ccxt = precision();
    return Number(ccxt.decimalToPrecision(value, ccxt.TRUNCATE, this.step, ccxt.TICK_SIZE));
  }

  /** priceToPrecision: to the nearest multiple of the step. */
  round(value: number): number {
    const units = value / this.step;
    const distanceFromHalf = Math.abs(Math.abs(units - Math.trunc(units)) - 0.5);
    if (distanceFromHalf > noiseOf(units) && Math.abs(units) < 1e15) return this.clean(Math.round(units));
    const ccxt = precision();
    return Number(ccxt.decimalToPrecision(value, ccxt.ROUND, this.step, ccxt.TICK_SIZE));
  }

  /** units × step written with the step's decimals, so 0.1 × 3 comes out as 0.3. */
  private clean(units: number): number {
    return Math.round(units * this.step * this.pow) / this.pow;
  }
}

/** How far value / step can be from the exact quotient: a few ulps of each operand and the division. */
function noiseOf(units: number): number {
  return Math.abs(units) * 1e-15 + 1e-12;
}

/** Decimal places of a step as a trader writes it: 0.01 → 2, 0.25 → 2, 5 → 0, 1e-8 → 8, 1e-10 → 10. */
export function decimalsOf(step: number): number {
  for (let decimals = 0; decimals <= 15; decimals++) {
    const scaled = step * 10 ** decimals;
    // At least one whole unit: a step under the tolerance (1e-10) is not a whole number of ones, it rounds to 0.
    if (Math.round(scaled) >= 1 && Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return decimals;
  }
  return 15;
}
