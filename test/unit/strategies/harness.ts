import { timeframeMs, type Candle, type Timeframe } from '../../../core/market/candle.js';
import type { Intent, PositionView, StrategyContext, StrategyDefinition, StrategyInstance } from '../../../core/strategies/contract.js';

/** A bar given by hand: open defaults to close, high/low to the body, volume to 10. */
export interface Bar {
  readonly open?: number;
  readonly high?: number;
  readonly low?: number;
  readonly close: number;
  readonly volume?: number;
}

export const SYMBOL = 'BTC/USDT';
export const START = Date.UTC(2024, 0, 1);

export function toCandle(bar: Bar, time: number): Candle {
  const open = bar.open ?? bar.close;
  return {
    time,
    open,
    high: bar.high ?? Math.max(open, bar.close),
    low: bar.low ?? Math.min(open, bar.close),
    close: bar.close,
    volume: bar.volume ?? 10,
  };
}

/**
 * Feeds hand-built bars to a strategy instance the way the engine does (one call per closed bar),
 * with a position and resting-order count the test sets explicitly.
 */
export class StrategyDriver<P> {
  readonly instance: StrategyInstance;
  position: PositionView | null = null;
  openEntryOrders = 0;
  private readonly counts = new Map<Timeframe, number>();
  private lastContext: StrategyContext | null = null;

  constructor(
    definition: StrategyDefinition<P>,
    params: unknown,
    private readonly timeframe: Timeframe,
  ) {
    this.instance = definition.create(definition.params.parse(params), SYMBOL);
  }

  push(bar: Bar, timeframe: Timeframe = this.timeframe): readonly Intent[] {
    const index = this.counts.get(timeframe) ?? 0;
    this.counts.set(timeframe, index + 1);
    const candle = toCandle(bar, START + index * timeframeMs(timeframe));
    const context: StrategyContext = {
      symbol: SYMBOL,
      time: candle.time + timeframeMs(timeframe),
      timeframe,
      candle,
      windows: {},
      position: this.position,
      tier: 'large',
      openEntryOrders: this.openEntryOrders,
    };
    this.lastContext = context;
    return this.instance.onCandle(context);
  }

  /** Pushes bars and returns every intent with the 0-based index of the bar that produced it. */
  pushAll(bars: readonly Bar[], timeframe: Timeframe = this.timeframe): { bar: number; intent: Intent }[] {
    const out: { bar: number; intent: Intent }[] = [];
    bars.forEach((bar, i) => {
      for (const intent of this.push(bar, timeframe)) out.push({ bar: i, intent });
    });
    return out;
  }

  readiness(): number {
    if (!this.lastContext) throw new Error('push a bar first');
    return this.instance.readiness({ ...this.lastContext, position: this.position, openEntryOrders: this.openEntryOrders });
  }

  /** Time (close) of the next bar on the driver's timeframe. */
  nextTime(timeframe: Timeframe = this.timeframe): number {
    return START + ((this.counts.get(timeframe) ?? 0) + 1) * timeframeMs(timeframe);
  }

  hold(averageEntry: number, quantity = 1, tranches = 1): void {
    this.position = { symbol: SYMBOL, quantity, averageEntry, openedAt: START, tranches, highestPrice: averageEntry };
  }

  flat(): void {
    this.position = null;
  }
}

export function flatBars(count: number, bar: Bar): Bar[] {
  return Array.from({ length: count }, () => bar);
}
