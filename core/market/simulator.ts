import type { Candle, MarketSymbol } from './candle.js';
import { hashString, SeededRandom } from './random.js';

export type SimRegime = 'calm' | 'trending' | 'crash';

export interface SimulatedSymbol {
  readonly symbol: MarketSymbol;
  readonly startPrice: number;
  /** Typical one-minute log-return standard deviation in calm markets (e.g. 0.0008). */
  readonly baseVolatility: number;
  readonly priceStep: number;
  /** Typical volume of a calm minute, in base units. */
  readonly baseVolume: number;
}

export const DEFAULT_SIMULATED_SYMBOLS: readonly SimulatedSymbol[] = [
  { symbol: 'BTC/USDT', startPrice: 64_000, baseVolatility: 0.0007, priceStep: 0.01, baseVolume: 12 },
  { symbol: 'ETH/USDT', startPrice: 3_200, baseVolatility: 0.0009, priceStep: 0.01, baseVolume: 180 },
  { symbol: 'SOL/USDT', startPrice: 150, baseVolatility: 0.0013, priceStep: 0.01, baseVolume: 2_500 },
  { symbol: 'XRP/USDT', startPrice: 0.6, baseVolatility: 0.0012, priceStep: 0.0001, baseVolume: 400_000 },
  { symbol: 'DOGE/USDT', startPrice: 0.15, baseVolatility: 0.0018, priceStep: 0.00001, baseVolume: 2_000_000 },
];

/** More markets of the simulated venue: the watchlist can add them (each streams from the moment it is added, in step with the rest). */
export const MORE_SIMULATED_SYMBOLS: readonly SimulatedSymbol[] = [
  { symbol: 'BNB/USDT', startPrice: 580, baseVolatility: 0.0009, priceStep: 0.01, baseVolume: 900 },
  { symbol: 'ADA/USDT', startPrice: 0.45, baseVolatility: 0.0013, priceStep: 0.0001, baseVolume: 600_000 },
  { symbol: 'AVAX/USDT', startPrice: 35, baseVolatility: 0.0015, priceStep: 0.01, baseVolume: 9_000 },
  { symbol: 'LINK/USDT', startPrice: 14, baseVolatility: 0.0014, priceStep: 0.001, baseVolume: 20_000 },
  { symbol: 'LTC/USDT', startPrice: 80, baseVolatility: 0.0011, priceStep: 0.01, baseVolume: 3_000 },
  { symbol: 'DOT/USDT', startPrice: 7, baseVolatility: 0.0014, priceStep: 0.001, baseVolume: 40_000 },
  { symbol: 'NEAR/USDT', startPrice: 5.5, baseVolatility: 0.0017, priceStep: 0.001, baseVolume: 50_000 },
  { symbol: 'PEPE/USDT', startPrice: 0.000011, baseVolatility: 0.0025, priceStep: 0.00000001, baseVolume: 30_000_000_000 },
];

/** Path points inside one minute; the live feed reveals them as the minute progresses. */
export const STEPS_PER_CANDLE = 12;

/** Per regime: mean duration (minutes), drift per minute, volatility multiplier, volume multiplier. */
const REGIMES: Record<SimRegime, { meanMinutes: number; drift: number; volMultiplier: number; volumeMultiplier: number }> = {
  calm: { meanMinutes: 600, drift: 0, volMultiplier: 1, volumeMultiplier: 1 },
  trending: { meanMinutes: 240, drift: 0.00008, volMultiplier: 1.4, volumeMultiplier: 1.5 },
  crash: { meanMinutes: 45, drift: -0.0012, volMultiplier: 4, volumeMultiplier: 4 },
};

/** One simulated minute: the candle and the price path that produced it. */
export interface SimulatedMinute {
  readonly candle: Candle;
  /** STEPS_PER_CANDLE + 1 prices, path[0] = open, path[last] = close. */
  readonly path: readonly number[];
  readonly regime: SimRegime;
}

/**
 * A deterministic generator of realistic one-minute candles for one symbol: a log random walk
 * whose variance follows GARCH(1,1) (volatility clusters), under a Markov chain of regimes
 * (calm, trending up or down, crash). The same seed gives the same series, minute for minute.
 */
export class SymbolSimulator {
  private readonly random: SeededRandom;
  private price: number;
  private variance: number;
  private regime: SimRegime = 'calm';
  private trendSign = 1;
  private time: number;

  constructor(
    readonly spec: SimulatedSymbol,
    seed: number,
    startTime: number,
  ) {
    this.random = new SeededRandom((seed ^ hashString(spec.symbol)) >>> 0);
    this.price = spec.startPrice;
    this.variance = spec.baseVolatility ** 2;
    this.time = startTime;
  }

  get currentRegime(): SimRegime {
    return this.regime;
  }

  next(): SimulatedMinute {
    this.maybeSwitchRegime();
    const settings = REGIMES[this.regime];
    const base = this.spec.baseVolatility * settings.volMultiplier;
    // GARCH(1,1) around the regime's base variance: big moves beget big moves.
    const omega = base * base * 0.05;
    const sigma = Math.sqrt(this.variance);
    const drift = this.regime === 'trending' ? settings.drift * this.trendSign : settings.drift;
    const stepSigma = sigma / Math.sqrt(STEPS_PER_CANDLE);
    const path: number[] = [this.price];
    let logPrice = Math.log(this.price);
    for (let step = 0; step < STEPS_PER_CANDLE; step++) {
      logPrice += drift / STEPS_PER_CANDLE + stepSigma * this.random.normal();
      path.push(this.roundPrice(Math.exp(logPrice)));
    }
    const close = path[path.length - 1]!;
    const minuteReturn = Math.log(close / this.price);
    this.variance = omega + 0.12 * minuteReturn * minuteReturn + 0.83 * this.variance;
    // Keep the process stationary near its regime's level even after a crash.
    this.variance = Math.min(Math.max(this.variance, (base * 0.3) ** 2), (base * 6) ** 2);

    const surprise = Math.abs(minuteReturn) / Math.max(sigma, 1e-12);
    const volume = this.spec.baseVolume * settings.volumeMultiplier * (0.6 + 0.5 * surprise) * Math.exp(0.35 * this.random.normal());
    const candle: Candle = {
      time: this.time,
      open: path[0]!,
      high: Math.max(...path),
      low: Math.min(...path),
      close,
      volume: Math.round(volume * 1e4) / 1e4,
    };
    this.price = close;
    this.time += 60_000;
    return { candle, path, regime: this.regime };
  }

  private maybeSwitchRegime(): void {
    const leaveProbability = 1 / REGIMES[this.regime].meanMinutes;
    if (this.random.next() >= leaveProbability) return;
    const roll = this.random.next();
    if (this.regime === 'crash') {
      this.regime = roll < 0.7 ? 'calm' : 'trending';
    } else if (this.regime === 'calm') {
      this.regime = roll < 0.92 ? 'trending' : 'crash';
    } else {
      this.regime = roll < 0.85 ? 'calm' : 'crash';
    }
    if (this.regime === 'trending') this.trendSign = this.random.next() < 0.5 ? -1 : 1;
  }

  private roundPrice(price: number): number {
    const step = this.spec.priceStep;
    const decimals = Math.max(0, Math.round(-Math.log10(step)));
    return Math.max(step, Number((Math.round(price / step) * step).toFixed(decimals)));
  }
}

/** A whole series at once (for tests, benchmarks and backtests on synthetic data). */
export function simulateCandles(spec: SimulatedSymbol, seed: number, startTime: number, count: number): Candle[] {
  const simulator = new SymbolSimulator(spec, seed, startTime);
  const candles: Candle[] = [];
  for (let i = 0; i < count; i++) candles.push(simulator.next().candle);
  return candles;
}
