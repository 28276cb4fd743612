import type { Candle } from '../market/candle.js';

/** The last N closed bars of one timeframe, without shifting arrays on every bar. */
export class CandleRing {
  private readonly items: (Candle | undefined)[];
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<Candle | undefined>(Math.max(1, capacity));
  }

  push(candle: Candle): void {
    this.items[this.next] = candle;
    this.next = this.next + 1 === this.items.length ? 0 : this.next + 1;
    if (this.size < this.items.length) this.size++;
  }

  get length(): number {
    return this.size;
  }

  /** A fresh array, oldest first: the strategy's copy to do with as it likes. */
  toArray(): Candle[] {
    const out = new Array<Candle>(this.size);
    const start = (this.next - this.size + this.items.length) % this.items.length;
    for (let i = 0; i < this.size; i++) out[i] = this.items[(start + i) % this.items.length]!;
    return out;
  }
}
