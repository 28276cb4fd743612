import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** What the backtester's rounding uses of ccxt's number module. */
export interface CcxtPrecision {
  decimalToPrecision(value: number, rounding: number, precision: number, countingMode: number): string;
  readonly TRUNCATE: number;
  readonly ROUND: number;
  readonly TICK_SIZE: number;
}

/**
 * Only ccxt's number module (the very functions ccxt exports as `decimalToPrecision`, `TRUNCATE`, …), not
 * all of ccxt: the whole library takes seconds to import, which a backtest that meets one borderline value
 * would pay. ccxt's package exports only its root, so the module is found next to the root's CommonJS
 * build; should a ccxt release move it, the whole library is loaded. The backtester's script bundle
 * (scripts/bundles.mjs) carries this same ccxt file instead, so that V8's code cache holds it too.
 */
export function loadCcxtNumber(): CcxtPrecision {
  const require = createRequire(import.meta.url);
  try {
    return require(join(dirname(require.resolve('ccxt')), 'cjs', 'src', 'base', 'functions', 'number.js')) as CcxtPrecision;
  } catch {
    return require('ccxt') as CcxtPrecision;
  }
}
