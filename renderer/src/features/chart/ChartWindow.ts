import type { CandlestickData, HistogramData, IChartApi, ISeriesApi, LogicalRange, UTCTimestamp } from 'lightweight-charts';
import type { Candle } from '../../../../core/market/candle';
import type { IndicatorId } from '../../stores/preferences';
import { IndicatorLayer } from './IndicatorLayer';

const UP = '#26a69a';
const DOWN = '#ef5350';
/** Beyond this many bars the oldest are dropped (in one go), so an all-day session's memory stays bounded. */
const MAX_BARS = 200_000;
const TRIM_TO = 150_000;
/**
 * lightweight-charts does work over all of a series' bars on every `update()` (its plot list re-maps
 * the times) and again on the next frame (the pane views rebuild their items), and a tick updates 7
 * series with EMA, Bollinger and RSI on. So the series get only a window of the history: at least this
 * many bars (and 4 screens) around what is shown, sliding when the view nears its edge. Measured
 * (chart-profile.ts): a bare page's update costs ~1.5× as much CPU with 5,000 bars as with 600.
 */
const MIN_WINDOW = 600;
/** The window slides when the view comes this close (or one screen, if wider) to its edge. */
const EDGE_MARGIN = 150;
/** The window following live bars is cut back to its size once it has grown by half of it. */
const GROWTH = 1.5;
/** Scrolling back this close to the oldest bar held asks for older history. */
const LOAD_OLDER_AT = 50;
/**
 * A new history's first paint computes the indicators over the window and this many bars before it
 * only; the rest follows after that paint (IndicatorLayer.settle). EMA, RSI and MACD forget their start
 * geometrically (RSI 14 by 13/14 a bar: below a double's precision after ~500 bars).
 */
const FIRST_PAINT_WARMUP = 1_000;

export const toBar = (c: Candle): CandlestickData<UTCTimestamp> => ({ time: (c.time / 1000) as UTCTimestamp, open: c.open, high: c.high, low: c.low, close: c.close });
const toVolume = (c: Candle): HistogramData<UTCTimestamp> => ({ time: (c.time / 1000) as UTCTimestamp, value: c.volume, color: c.close >= c.open ? `${UP}66` : `${DOWN}66` });

/** The time span the series hold; `live` when it ends at the newest bar (live bars extend it). */
export interface WindowSpan {
  first: number | null;
  last: number | null;
  live: boolean;
}

/**
 * The full history of the shown (symbol, timeframe) in a plain array, and the window of it given to
 * the chart's series. Live bars always join the history; they reach the series only while the window
 * shows the newest bar. Indicator values are computed over the full history.
 */
export class ChartWindow {
  readonly indicators: IndicatorLayer;
  private all: Candle[] = [];
  /** The series hold all[start, end). */
  private start = 0;
  private end = 0;
  /** Set while this class changes the series: lightweight-charts reports range changes synchronously then. */
  private busy = false;
  /**
   * lightweight-charts applies a requested view on its next frame; until a range event shows it
   * applied (`expected`), reported ranges are stale and `pending` is the view to go by.
   */
  private expected: ((range: LogicalRange) => boolean) | null = null;
  private pending: LogicalRange | null = null;
  /**
   * While the trader drags, lightweight-charts positions the view from where the drag started, so a
   * view set mid-drag is overwritten: the window moves when the button is released.
   */
  private dragging = false;
  /** The chart is gone: work scheduled for later does nothing. */
  private disposed = false;

  constructor(
    private readonly chart: IChartApi,
    private readonly candles: ISeriesApi<'Candlestick'>,
    private readonly volume: ISeriesApi<'Histogram'>,
    /** Called whenever the window moves (markers are drawn only on bars the series hold). */
    private readonly onMoved: () => void,
    /** Called when the view reaches the oldest bar held (after a drag: the range event came during it). */
    private readonly onOlderWanted: () => void,
    /** Called when indicator values drawn for a first paint changed once computed over the whole history. */
    private readonly onSettled: () => void,
  ) {
    this.indicators = new IndicatorLayer(chart);
  }

  /** The chart is being removed. */
  dispose(): void {
    this.disposed = true;
  }

  bars(): readonly Candle[] {
    return this.all;
  }

  span(): WindowSpan {
    return { first: this.all[this.start]?.time ?? null, last: this.all[this.end - 1]?.time ?? null, live: this.end === this.all.length };
  }

  setIndicators(ids: readonly IndicatorId[]): void {
    this.indicators.setIndicators(ids, this.all, this.start, this.end);
  }

  /** A new history (symbol/timeframe change or trim): the window is its newest bars, shown at the live edge. */
  reset(history: Candle[]): void {
    this.all = history;
    this.end = history.length;
    this.start = Math.max(0, this.end - this.windowSize(null));
    this.expectLiveEdge();
    this.mutate(() => {
      this.draw();
      this.indicators.recompute(this.all, this.start, this.end, FIRST_PAINT_WARMUP);
    });
    this.chart.timeScale().scrollToRealTime();
    this.onMoved();
    // After the frame that paints the history: the indicators over the rest of it.
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (!this.disposed && this.mutate(() => this.indicators.settle(this.all, this.start, this.end))) this.onSettled();
      }, 0),
    );
  }

  /** The newest bar: the same time revises the forming bar, a later time appends. False if it is older. */
  apply(bar: Candle): boolean {
    const last = this.all.at(-1);
    if (last && bar.time < last.time) return false;
    const live = this.end === this.all.length;
    const replace = last !== undefined && last.time === bar.time;
    if (replace) this.all[this.all.length - 1] = bar;
    else this.all.push(bar);
    if (live) this.end = this.all.length;
    if (this.all.length > MAX_BARS) {
      this.indicators.append(bar, replace, false);
      this.dropOldest(this.all.length - TRIM_TO);
    } else if (live && !this.expected && this.end - this.start > this.windowSize(this.visible()) * GROWTH) {
      this.indicators.append(bar, replace, false);
      this.moveTo(this.visible());
    } else {
      this.mutate(() => {
        this.indicators.append(bar, replace, live);
        if (!live) return;
        this.candles.update(toBar(bar));
        this.volume.update(toVolume(bar));
      });
    }
    return true;
  }

  /** Older history (every bar older than the first held): the series keep their bars; values are recomputed. */
  prepend(older: Candle[]): void {
    this.all = [...older, ...this.all];
    this.start += older.length;
    this.end += older.length;
    this.mutate(() => this.indicators.recompute(this.all, this.start, this.end));
    this.onMoved();
    const range = this.visible();
    if (range && !this.expected) this.onVisibleRange(range);
  }

  /**
   * Follows the trader's view: near the window's edge the window slides (the view stays where it is);
   * near the oldest bar held, returns true so the caller loads older history.
   */
  onVisibleRange(range: LogicalRange): boolean {
    if (this.busy) return false;
    if (this.expected) {
      if (!this.expected(range)) return false;
      this.expected = null;
      this.pending = null;
    }
    const size = this.end - this.start;
    const margin = Math.max(EDGE_MARGIN, range.to - range.from);
    const nearOldEdge = range.from < margin && this.start > 0;
    const nearNewEdge = range.to > size - margin && this.end < this.all.length;
    if ((nearOldEdge || nearNewEdge) && !this.dragging) this.moveTo(range);
    return this.start === 0 && range.from < LOAD_OLDER_AT;
  }

  /** The trader pressed or released the mouse button on the chart. */
  setDragging(dragging: boolean): void {
    this.dragging = dragging;
    const range = this.visible();
    if (!dragging && range && this.onVisibleRange(range)) this.onOlderWanted();
  }

  /**
   * Back to the live edge with the default zoom (what a double-click on the time axis does):
   * lightweight-charts' own reset would only reach the newest bar of the window.
   */
  showLatest(): void {
    if (!this.span().live) this.show(Math.max(0, this.all.length - this.windowSize(null)), this.all.length, null);
    this.expectLiveEdge();
    this.chart.timeScale().resetTimeScale();
  }

  private visible(): LogicalRange | null {
    return this.pending ?? this.chart.timeScale().getVisibleLogicalRange();
  }

  private mutate<T>(change: () => T): T {
    this.busy = true;
    try {
      return change();
    } finally {
      this.busy = false;
    }
  }

  /** Waits for the view `check` recognises (a fallback timer gives up if it never shows). */
  private expect(check: (range: LogicalRange) => boolean, pending: LogicalRange | null): void {
    this.expected = check;
    this.pending = pending;
    setTimeout(() => {
      if (this.expected !== check) return;
      this.expected = null;
      this.pending = null;
    }, 1_000);
  }

  private expectLiveEdge(): void {
    this.expect((range) => range.to >= this.end - this.start - 1, null);
  }

  private windowSize(range: LogicalRange | null): number {
    return Math.max(MIN_WINDOW, range ? Math.ceil((range.to - range.from) * 4) : 0);
  }

  /** Centres the window on the view (or ends it at the newest bar), keeping the same bars in view. */
  private moveTo(range: LogicalRange | null): void {
    const size = this.windowSize(range);
    const centre = range ? this.start + (range.from + range.to) / 2 : this.all.length;
    const end = Math.min(this.all.length, Math.max(size, Math.round(centre + size / 2)));
    this.show(Math.max(0, end - size), end, range);
  }

  private dropOldest(count: number): void {
    const range = this.visible();
    this.all = this.all.slice(count);
    this.indicators.dropOldest(count);
    // Indexes may go below 0 when the view was on dropped bars; moveTo then lands on the oldest bars kept.
    this.start -= count;
    this.end -= count;
    this.moveTo(range);
  }

  private show(start: number, end: number, keep: LogicalRange | null): void {
    const shift = this.start - start;
    this.start = start;
    this.end = end;
    // Logical indexes count from the window's first bar: moving the window moves them by `shift`.
    const view = keep ? ({ from: keep.from + shift, to: keep.to + shift } as LogicalRange) : null;
    // Ranges reported before the view is applied are still in the old indexes, `shift` away.
    if (view && shift !== 0) this.expect((range) => Math.abs(range.from - view.from) < Math.abs(shift) / 2, view);
    this.mutate(() => {
      this.draw();
      this.indicators.show(this.all, start, end);
    });
    if (view) this.chart.timeScale().setVisibleLogicalRange(view);
    this.onMoved();
  }

  private draw(): void {
    const window = this.all.slice(this.start, this.end);
    this.candles.setData(window.map(toBar));
    this.volume.setData(window.map(toVolume));
  }
}
