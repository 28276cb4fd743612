import type { MarketSymbol } from './candle.js';
import type { BookLevel, MarketTrade, OrderBook } from './order-book.js';
import { hashString, SeededRandom } from './random.js';

/** Levels per side of a simulated book. */
export const SYNTHETIC_LEVELS = 60;

export interface SyntheticBookInput {
  readonly symbol: MarketSymbol;
  readonly seed: number;
  /** The minute the book belongs to: its sizes stay put within a minute while the prices follow the market. */
  readonly minute: number;
  /** The market's last price: the book is built around it (best bid ≤ last ≤ best ask). */
  readonly last: number;
  readonly priceStep: number;
  /** Base quantity of a typical level near the top of the book (about a fortieth of a calm minute's volume). */
  readonly scale: number;
  readonly levels?: number;
}

function decimals(step: number): number {
  return Math.min(12, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
}

/**
 * The simulated (or replayed) market's order book: consistent with its prices — the spread straddles
 * the last price, one basis point (at least a tick) between levels near the top and wider further out —
 * with sizes that grow away from the top. Deterministic: the same seed, symbol, minute and price give
 * the same book, so a simulated market's depth is as reproducible as its candles.
 */
export function syntheticBook(input: SyntheticBookInput): OrderBook {
  const step = input.priceStep;
  const places = decimals(step);
  const at = (units: number) => Number((units * step).toFixed(places));
  const random = new SeededRandom((hashString(`${input.symbol}|${input.minute}`) ^ input.seed) >>> 0);
  const lastUnits = input.last / step;
  const half = Math.max(0.5, (input.last * 0.00005) / step);
  const bidUnits = Math.floor(lastUnits - half + 1e-7);
  let askUnits = Math.ceil(lastUnits + half - 1e-7);
  if (askUnits <= bidUnits) askUnits = bidUnits + 1;
  // One basis point of price per level near the top, at least one tick; the gaps widen further out.
  const unit = Math.max(1, Math.round((input.last * 0.0001) / step));
  const count = input.levels ?? SYNTHETIC_LEVELS;
  const bids: BookLevel[] = [];
  const asks: BookLevel[] = [];
  let gap = 0;
  for (let i = 0; i < count; i++) {
    gap = i === 0 ? 0 : Math.max(gap + 1, Math.round(unit * (i + (i * i) / 40)));
    const size = (side: number) => Number((input.scale * (0.4 + 0.12 * i) * (0.6 + 0.8 * side)).toPrecision(6));
    const bidPrice = at(bidUnits - gap);
    if (bidPrice > 0) bids.push({ price: bidPrice, amount: size(random.next()) });
    asks.push({ price: at(askUnits + gap), amount: size(random.next()) });
  }
  return { symbol: input.symbol, time: input.minute, bids, asks };
}

/**
 * Trades for one move of the simulated market: the minute's new volume at the new price, split into up
 * to three prints, taken on the side the price moved to (up: buyers lifted asks). Deterministic per
 * seed, symbol, minute and the volume seen so far.
 */
export function syntheticTrades(input: { symbol: MarketSymbol; seed: number; minute: number; time: number; from: number; to: number; volume: number; seenVolume: number; amountDecimals: number }): MarketTrade[] {
  if (!(input.volume > 0)) return [];
  const random = new SeededRandom((hashString(`${input.symbol}|${input.minute}|${input.seenVolume}`) ^ input.seed) >>> 0);
  const side: 'buy' | 'sell' = input.to > input.from ? 'buy' : input.to < input.from ? 'sell' : random.next() < 0.5 ? 'buy' : 'sell';
  const prints = 1 + Math.floor(random.next() * 3);
  const trades: MarketTrade[] = [];
  let left = input.volume;
  for (let i = 0; i < prints && left > 0; i++) {
    const share = i === prints - 1 ? left : left * (0.3 + 0.4 * random.next());
    const amount = Number(share.toFixed(input.amountDecimals));
    if (amount <= 0) continue;
    left -= amount;
    trades.push({ id: `${input.minute}-${input.seenVolume.toFixed(4)}-${i}`, time: input.time, price: input.to, amount, side });
  }
  return trades;
}
