import type { EngineFill } from '../engine/events.js';
import { objectList } from '../exchange/paper-lists.js';
import { RepeatedTextColumn, TextColumn } from './text-columns.js';

const SIDES: readonly EngineFill['side'][] = ['buy', 'sell'];
const LIQUIDITY: readonly EngineFill['liquidity'][] = ['maker', 'taker'];
const PURPOSES: readonly EngineFill['purpose'][] = ['enter', 'add', 'exit'];

/**
 * A backtest's fills kept column by column while it runs and made into EngineFill objects when first read.
 * Kept as objects, every fill and its boxed numbers survived the young generation's collections until the
 * run ended, and a million-bar sma-cross run keeps 13,600 of them. Here the numbers go into typed arrays
 * (exact, -0 and NaN included), side, liquidity and purpose into bytes, ids as code units and repeated
 * texts as numbers (text-columns.ts): nothing of a fill outlives the young generation as an object.
 */
export class FillTape {
  private time = new Float64Array(256);
  private price = new Float64Array(256);
  private qty = new Float64Array(256);
  private fee = new Float64Array(256);
  /** side, liquidity and purpose, one byte each (indices into SIDES, LIQUIDITY, PURPOSES). */
  private codes = new Uint8Array(3 * 256);
  private readonly ids = new TextColumn();
  private readonly orderIds = new TextColumn();
  private readonly tradeIds = new TextColumn();
  private readonly symbols = new RepeatedTextColumn();
  private readonly reasons = new RepeatedTextColumn();
  private count = 0;

  get length(): number {
    return this.count;
  }

  add(fill: EngineFill): void {
    const i = this.count;
    if (i === this.time.length) this.grow();
    this.time[i] = fill.time;
    this.price[i] = fill.price;
    this.qty[i] = fill.qty;
    this.fee[i] = fill.fee;
    this.codes[3 * i] = fill.side === 'buy' ? 0 : 1;
    this.codes[3 * i + 1] = fill.liquidity === 'maker' ? 0 : 1;
    this.codes[3 * i + 2] = fill.purpose === 'enter' ? 0 : fill.purpose === 'add' ? 1 : 2;
    this.ids.push(fill.id);
    this.orderIds.push(fill.orderId);
    this.tradeIds.push(fill.tradeId);
    this.symbols.push(fill.symbol);
    this.reasons.push(fill.reason);
    this.count = i + 1;
  }

  /** The fills as the engine reported them, oldest first: the same fields in the same order (engine-fills.ts). */
  toArray(): EngineFill[] {
    const fills = objectList<EngineFill>();
    const ids = this.ids.all();
    const orderIds = this.orderIds.all();
    const tradeIds = this.tradeIds.all();
    for (let i = 0; i < this.count; i++) {
      fills.push({
        id: ids[i]!,
        orderId: orderIds[i]!,
        tradeId: tradeIds[i]!,
        symbol: this.symbols.at(i),
        side: SIDES[this.codes[3 * i]!]!,
        time: this.time[i]!,
        price: this.price[i]!,
        qty: this.qty[i]!,
        fee: this.fee[i]!,
        liquidity: LIQUIDITY[this.codes[3 * i + 1]!]!,
        purpose: PURPOSES[this.codes[3 * i + 2]!]!,
        reason: this.reasons.at(i),
      });
    }
    return fills;
  }

  private grow(): void {
    const doubled = (from: Float64Array) => {
      const to = new Float64Array(from.length * 2);
      to.set(from);
      return to;
    };
    this.time = doubled(this.time);
    this.price = doubled(this.price);
    this.qty = doubled(this.qty);
    this.fee = doubled(this.fee);
    const codes = new Uint8Array(this.codes.length * 2);
    codes.set(this.codes);
    this.codes = codes;
  }
}
