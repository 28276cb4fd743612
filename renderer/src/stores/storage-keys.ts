/**
 * Where the market and preferences stores keep their cache in localStorage, and what they start with:
 * shared with the page's first script (early.ts), which reads the shown symbol and timeframe from there
 * before the stores (and zod) are loaded.
 */
export const MARKET_STORAGE_KEY = 'halyard.market.v1';
export const PREFERENCES_STORAGE_KEY = 'halyard.preferences.v1';
export const DEFAULT_SYMBOL = 'BTC/USDT';
export const DEFAULT_TIMEFRAME = '1m';
