import { DonchianChannels } from '../../indicators/index.js';

/** A trading range over the last `lookback` closed bars and how well its edges have held. */
export interface TradingRange {
  readonly support: number;
  readonly resistance: number;
  readonly width: number;
  readonly supportTouches: number;
  readonly resistanceTouches: number;
  /** 0–100: 50 per edge, full once that edge has `targetTouches` separate touches. */
  readonly strength: number;
}

/**
 * Support/resistance = lowest low / highest high of the window (DonchianChannels from core/indicators).
 * A touch is a separate visit to an edge zone (`tolerance` × width from the edge): consecutive bars
 * inside the zone count once, so a range that was tested three times scores higher than one hit once.
 */
export class RangeDetector {
  private readonly channel: DonchianChannels;
  private readonly highs: Float64Array;
  private readonly lows: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(
    private readonly lookback: number,
    private readonly tolerance: number,
    private readonly targetTouches: number,
  ) {
    this.channel = new DonchianChannels(lookback);
    this.highs = new Float64Array(lookback);
    this.lows = new Float64Array(lookback);
  }

  /** The range of the bars pushed so far (not including a bar not yet pushed); null while warming up. */
  current(): TradingRange | null {
    const edges = this.channel.getResult();
    if (edges === null || this.filled < this.lookback) return null;
    const width = edges.upper - edges.lower;
    if (!(width > 0)) return null;
    const supportZone = edges.lower + this.tolerance * width;
    const resistanceZone = edges.upper - this.tolerance * width;
    let supportTouches = 0;
    let resistanceTouches = 0;
    let inSupport = false;
    let inResistance = false;
    // Oldest to newest through the ring buffer.
    for (let k = 0; k < this.lookback; k += 1) {
      const i = (this.next + k) % this.lookback;
      const nowSupport = this.lows[i]! <= supportZone;
      const nowResistance = this.highs[i]! >= resistanceZone;
      if (nowSupport && !inSupport) supportTouches += 1;
      if (nowResistance && !inResistance) resistanceTouches += 1;
      inSupport = nowSupport;
      inResistance = nowResistance;
    }
    const edgeScore = (touches: number): number => 50 * Math.min(1, touches / this.targetTouches);
    return {
      support: edges.lower,
      resistance: edges.upper,
      width,
      supportTouches,
      resistanceTouches,
      strength: edgeScore(supportTouches) + edgeScore(resistanceTouches),
    };
  }

  push(high: number, low: number): void {
    this.channel.add({ high, low });
    this.highs[this.next] = high;
    this.lows[this.next] = low;
    this.next = (this.next + 1) % this.lookback;
    if (this.filled < this.lookback) this.filled += 1;
  }
}
