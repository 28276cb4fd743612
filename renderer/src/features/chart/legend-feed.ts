import type { LegendValues } from './ChartLegend';

const EMPTY: LegendValues = { bar: null, indicators: [] };

/**
 * What the chart's legend shows, outside React state: a live tick or a crosshair move asks for a new
 * reading, and the reading is taken once per animation frame, so only the legend is written (never the
 * whole chart component re-rendered) and never more often than the screen can show it.
 */
export class LegendFeed {
  private values: LegendValues = EMPTY;
  private read: (() => LegendValues) | null = null;
  private frame: number | null = null;
  private readonly listeners = new Set<() => void>();

  /** The legend should show what `read` returns at the next frame (later calls in the same frame win). */
  show(read: () => LegendValues): void {
    this.read = read;
    if (this.frame === null) this.frame = requestAnimationFrame(() => this.publish());
  }

  /**
   * The legend shows what `read` returns now (a new history: its first bar and values appear in the frame
   * that paints the chart, not in the one after it).
   */
  showNow(read: () => LegendValues): void {
    this.read = read;
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.publish();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): LegendValues => this.values;

  /** Drops a reading not yet taken (the chart it reads from is going away). */
  cancel(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.read = null;
  }

  private publish(): void {
    this.frame = null;
    const read = this.read;
    this.read = null;
    if (!read) return;
    this.values = read();
    for (const listener of this.listeners) listener();
  }
}
