import type { WatchRow } from '../../../../core/api/contract/market';
import { direction, formatPercent, formatPrice } from '../../app/format';
import { LiveAttribute, LiveText, LiveTone, part } from '../live/live-dom';

/** Which row of the list a market's figures go to: the chart's markets and other exchanges' apart. */
export function rowKey(row: Pick<WatchRow, 'symbol' | 'exchange' | 'elsewhere'>): string {
  return `${row.elsewhere ? 'elsewhere' : 'chart'}|${row.exchange ?? ''}|${row.symbol}`;
}

const sameNumbers = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((value, i) => value === b[i]);

/** The sparkline's points in its 60 × 20 box ('' draws nothing: fewer than two closes). */
function sparklinePoints(values: readonly number[]): string {
  if (values.length < 2) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  return values.map((v, i) => `${((i / (values.length - 1)) * 60).toFixed(1)},${(18 - ((v - min) / span) * 16).toFixed(1)}`).join(' ');
}

/** One watchlist row's moving parts: last price, 24 h change (text and tone) and the sparkline. */
class WatchRowPainter {
  private readonly last: LiveText;
  private readonly change: LiveText;
  private readonly changeTone: LiveTone;
  private readonly points: LiveAttribute;
  private readonly lineTone: LiveTone;
  private sparkline: readonly number[] = [];
  private lastValue: number | null | undefined;
  private decimals = -1;

  constructor(row: HTMLTableRowElement) {
    this.last = new LiveText(part(row, '[data-testid="last-price"]'));
    const change = part(row, '[data-live="change"]');
    this.change = new LiveText(change);
    this.changeTone = new LiveTone(change);
    const line = part<SVGPolylineElement>(row, '.sparkline polyline');
    this.points = new LiveAttribute(line, 'points');
    this.lineTone = new LiveTone(line);
  }

  show(row: WatchRow): void {
    if (row.last !== this.lastValue || row.priceDecimals !== this.decimals) {
      this.lastValue = row.last;
      this.decimals = row.priceDecimals;
      this.last.set(row.last === null ? '—' : formatPrice(row.last, row.priceDecimals));
    }
    this.change.set(row.changePct === null ? '—' : formatPercent(row.changePct));
    this.changeTone.set(direction(row.changePct, 2));
    this.lineTone.set((row.changePct ?? 0) >= 0 ? 'up-stroke' : 'down-stroke');
    if (!sameNumbers(row.sparkline, this.sparkline)) {
      this.sparkline = row.sparkline;
      this.points.set(sparklinePoints(row.sparkline));
    }
  }
}

/**
 * Writes each new set of watchlist rows into the table in place: React renders the rows (which markets,
 * in which order, which is selected); a tick writes only the figures that changed.
 */
export class WatchPainter {
  private readonly rows = new Map<string, WatchRowPainter>();

  constructor(body: HTMLTableSectionElement) {
    for (const row of Array.from(body.rows)) {
      const symbol = row.dataset['symbol'];
      if (symbol === undefined) continue;
      const key = rowKey({ symbol, exchange: row.dataset['exchange'] || null, elsewhere: row.classList.contains('elsewhere') });
      this.rows.set(key, new WatchRowPainter(row));
    }
  }

  /** The store's rows: the chart's markets and the other exchanges'. */
  paint({ rows, elsewhere }: { rows: readonly WatchRow[]; elsewhere: readonly WatchRow[] }): void {
    // A row not (yet) in the table comes with a new render of the list, which paints it then.
    for (const row of rows) this.rows.get(rowKey(row))?.show(row);
    for (const row of elsewhere) this.rows.get(rowKey(row))?.show(row);
  }
}
