import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Candle, MarketSymbol } from './candle.js';
import { parseCandleCsv } from './csv.js';
import type { MarketFeed } from './feed.js';
import { DEFAULT_SIMULATED_SYMBOLS, MORE_SIMULATED_SYMBOLS, STEPS_PER_CANDLE, SymbolSimulator, type SimulatedSymbol } from './simulator.js';
import { StreamingFeed, type MinuteSource, type MinuteWithPath } from './streaming-feed.js';
import { hashString } from './random.js';

export interface SimulatedMarketOptions {
  readonly seed: number;
  readonly speed: number;
  readonly symbols?: readonly SimulatedSymbol[];
  readonly historyMinutes?: number;
  /** Wall-clock "now"; the simulated history ends here so the chart's clock looks right. */
  readonly now?: () => number;
  readonly tickMs?: number;
  /**
   * The simulated clock starts after this time (the last fill of a previous run). Faster than real
   * time, a previous run got ahead of the wall clock; restarting from "now" would date new fills
   * before old ones.
   */
  readonly notBefore?: number | null;
}

/** The embedded simulated market: deterministic per seed, labelled as simulated everywhere. */
export function createSimulatedFeed(options: SimulatedMarketOptions): StreamingFeed {
  const now = options.now ?? Date.now;
  const historyMinutes = options.historyMinutes ?? 3_000;
  const end = Math.max(Math.floor(now() / 60_000) * 60_000, options.notBefore != null ? Math.floor(options.notBefore / 60_000) * 60_000 + 60_000 : -Infinity);
  const startTime = end - historyMinutes * 60_000;
  const source = (spec: SimulatedSymbol): MinuteSource => {
    const simulator = new SymbolSimulator(spec, options.seed, startTime);
    return { symbol: spec.symbol, priceStep: spec.priceStep, depthScale: spec.baseVolume / 40, next: () => simulator.next() };
  };
  const streamed = options.symbols ?? DEFAULT_SIMULATED_SYMBOLS;
  const more = [...DEFAULT_SIMULATED_SYMBOLS, ...MORE_SIMULATED_SYMBOLS].filter((spec) => !streamed.some((s) => s.symbol === spec.symbol));
  return new StreamingFeed({
    depthSeed: options.seed,
    catalogue: {
      listings: more.map((spec) => ({ symbol: spec.symbol, priceStep: spec.priceStep })),
      open: (symbol) => source(more.find((spec) => spec.symbol === symbol)!),
    },
    source: { kind: 'simulated', label: 'Simulated market', exchange: null },
    transport: 'simulated',
    minuteSources: streamed.map(source),
    historyMinutes,
    // A long history stays servable to the chart's scroll-back (the feed keeps 100k minutes otherwise).
    maxMinutesInMemory: Math.max(100_000, historyMinutes),
    speed: options.speed,
    now,
    ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
  });
}

/** The label of candles whose file name gives no symbol. */
export const UNRECOGNISED_SYMBOL = 'REPLAY/USD';

/** Guesses BASE/QUOTE from a file name like BTCUSDT-1m-2020-03.csv; REPLAY/USD otherwise. */
export function symbolFromFileName(path: string): MarketSymbol {
  const name = basename(path).toUpperCase();
  const match = /^([A-Z0-9]{2,10}?)[_-]?(USDT|USDC|BUSD|USD|EUR|BTC|ETH)(?=[^A-Z]|$)/.exec(name);
  return match ? `${match[1]}/${match[2]}` : UNRECOGNISED_SYMBOL;
}

/** A path through a recorded candle: open, the nearer extreme, the farther one, close. */
export function pathThroughCandle(candle: Candle): number[] {
  const upFirst = candle.close >= candle.open;
  const corners = upFirst ? [candle.open, candle.low, candle.high, candle.close] : [candle.open, candle.high, candle.low, candle.close];
  const path: number[] = [];
  for (let step = 0; step <= STEPS_PER_CANDLE; step++) {
    const position = (step / STEPS_PER_CANDLE) * 3;
    const segment = Math.min(2, Math.floor(position));
    const t = position - segment;
    path.push(corners[segment]! + (corners[segment + 1]! - corners[segment]!) * t);
  }
  path[path.length - 1] = candle.close;
  return path;
}

export interface ReplayOptions {
  readonly file: string;
  readonly speed: number;
  /** How much of the file is shown as history before streaming begins. */
  readonly historyMinutes?: number;
  readonly tickMs?: number;
}

/** Plays a recorded 1m candle CSV through the same streaming feed as the simulator. */
export async function createReplayFeed(options: ReplayOptions): Promise<MarketFeed> {
  const text = await readFile(options.file, 'utf8');
  const { candles, rejected } = parseCandleCsv(text);
  if (rejected.length > 0) {
    const first = rejected[0]!;
    throw new Error(`${options.file}: ${rejected.length} row(s) rejected; first at line ${first.line}: ${first.rule} — ${first.detail}`);
  }
  if (candles.length < 2) throw new Error(`${options.file}: need at least 2 candles to replay, found ${candles.length}`);
  candles.sort((a, b) => a.time - b.time);
  const step = candles[1]!.time - candles[0]!.time;
  if (step !== 60_000) throw new Error(`${options.file}: replay needs 1m candles, but the first two rows are ${step / 60_000} minutes apart`);
  const symbol = symbolFromFileName(options.file);
  let index = 0;
  const source: MinuteSource = {
    symbol,
    priceStep: inferPriceStep(candles),
    depthScale: typicalVolume(candles) / 40,
    next(): MinuteWithPath | null {
      const candle = candles[index++];
      return candle ? { candle, path: pathThroughCandle(candle) } : null;
    },
  };
  return new StreamingFeed({
    source: { kind: 'replay', label: `Replay: ${basename(options.file)}`, exchange: null },
    depthSeed: hashString(basename(options.file)),
    transport: 'replay',
    minuteSources: [source],
    historyMinutes: Math.min(options.historyMinutes ?? 500, candles.length - 1),
    speed: options.speed,
    ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
  });
}

/**
 * The tick of a replayed market: as fine as the file's decimals, and at least five significant digits of
 * its price — a file of rounded prices (100, 101) says nothing of the venue's tick, and a tick of 1 % of
 * the price would give its book a 2 % spread that refuses every market order.
 */
function inferPriceStep(candles: readonly Candle[]): number {
  let decimals = 0;
  const first = candles.slice(0, 500);
  for (const candle of first) {
    for (const value of [candle.open, candle.high, candle.low, candle.close]) {
      const text = String(value);
      const dot = text.indexOf('.');
      if (dot >= 0) decimals = Math.max(decimals, Math.min(10, text.length - dot - 1));
    }
  }
  const closes = first.map((c) => c.close).filter((close) => close > 0).sort((a, b) => a - b);
  const typical = closes[Math.floor(closes.length / 2)];
  const significant = typical !== undefined ? Math.max(0, 4 - Math.floor(Math.log10(typical))) : 0;
  return Number((10 ** -Math.min(10, Math.max(decimals, significant))).toFixed(10));
}

/** The median volume of the first bars (a calm minute's volume, robust to spikes); 1 when the file has none. */
function typicalVolume(candles: readonly Candle[]): number {
  const volumes = candles.slice(0, 500).map((c) => c.volume).filter((v) => v > 0).sort((a, b) => a - b);
  return volumes[Math.floor(volumes.length / 2)] ?? 1;
}
