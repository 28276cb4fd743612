/**
 * Halyard's indicators: the one module the chart and the strategies compute with. Pure math over
 * numbers and bars: no money logic, no other part of the core (lint-enforced), so the renderer may
 * import it too.
 *
 * The convention is TA-Lib's (what TA-Lib-based tools and, after their first bars, TradingView show):
 * exponential and Wilder averages start from the simple average of their first N inputs, ROC is in
 * percent, Bollinger Bands use the population standard deviation. Indicators that trading-signals
 * already computes that way are re-exported from it; the others are project-local O(1) streaming
 * implementations (EMA, DEMA, TEMA, MACD, ATR, ADX, ROC), plus RunningSMA: trading-signals' SMA in O(1)
 * per update for the backtest hot path, and RunningBollinger: its Bollinger Bands in O(1) for the chart. `test/refdata/indicators-talib.test.ts`
 * holds every one of them to TA-Lib's own output within 1e-9 (relative).
 */
export { BollingerBands, DonchianChannels, RSI, SMA, SwingHigh, SwingLow } from 'trading-signals';
export { ADX, type DirectionalResult } from './adx.js';
export { ATR, type HighLowClose } from './atr.js';
export { DEMA, TEMA } from './dema-tema.js';
export { EMA } from './ema.js';
export { MACD, type MACDResult } from './macd.js';
export { ROC } from './roc.js';
export { RunningSMA } from './running-sma.js';
export { RunningBollinger, type BandsResult } from './running-bollinger.js';
export { CLOSE_SERIES, type CloseSeriesCalculator, type CloseSeriesKind } from './close-series.js';
