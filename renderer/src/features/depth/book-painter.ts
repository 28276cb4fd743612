import type { DepthView } from '../../../../core/api/contract/depth';
import { formatPercent, formatPrice } from '../../app/format';
import { LiveAttribute, LiveFigure, LiveText, part } from '../live/live-dom';

/** One ladder row's moving parts: its price, amount and cumulative total, the depth bar and `data-price`. */
class LevelRow {
  private readonly price: LiveFigure;
  private readonly amount: LiveFigure;
  private readonly total: LiveFigure;
  private readonly priceAttribute: LiveAttribute;
  private readonly bar: LiveAttribute;

  constructor(row: HTMLTableRowElement) {
    const [price, amount, total] = Array.from(row.cells);
    if (!price || !amount || !total) throw new Error('live figures: a book level needs three cells');
    this.price = new LiveFigure(price, formatPrice);
    this.amount = new LiveFigure(amount, formatPrice);
    this.total = new LiveFigure(total, formatPrice);
    this.priceAttribute = new LiveAttribute(row, 'data-price');
    this.bar = new LiveAttribute(row, 'style:background-size');
  }

  show(level: DepthView['bids'][number], max: number, decimals: number, amountDecimals: number): void {
    const width = max > 0 ? Math.min(100, (level.total / max) * 100) : 0;
    this.price.set(level.price, decimals);
    this.amount.set(level.amount, amountDecimals);
    this.total.set(level.total, amountDecimals);
    this.priceAttribute.set(String(level.price));
    this.bar.set(`${width.toFixed(1)}% 100%`);
  }
}

/**
 * Writes each new book into the ladder's rows in place (rows keyed by their distance from the spread, so
 * a moving market changes figures, not rows): asks above, best nearest the middle; the last price and the
 * spread; bids below. Only cells whose figure changed are written; React renders the rows, not the figures.
 */
export class BookPainter {
  private readonly asks: LevelRow[];
  private readonly bids: LevelRow[];
  private readonly last: LiveText;
  private readonly spread: LiveText;

  constructor(body: HTMLTableSectionElement) {
    const rows = (side: string) => Array.from(body.querySelectorAll<HTMLTableRowElement>(`tr.book-level.${side}`), (row) => new LevelRow(row));
    // The ask rows run from the farthest level (top) to the best (next to the spread).
    this.asks = rows('ask').reverse();
    this.bids = rows('bid');
    const spreadRow = part<HTMLTableRowElement>(body, '[data-testid="book-spread"]');
    this.last = new LiveText(part(spreadRow, 'td:first-child'));
    this.spread = new LiveText(part(spreadRow, 'td:last-child'));
  }

  paint(depth: DepthView): void {
    const max = Math.max(depth.bids.at(-1)?.total ?? 0, depth.asks.at(-1)?.total ?? 0);
    const decimals = depth.priceDecimals;
    // Amounts in one column line up: as many places as the largest total leaves room for (4 significant digits).
    const amountDecimals = Math.max(0, Math.min(6, 3 - Math.floor(Math.log10(Math.max(max, 1e-9)))));
    // A book with more or fewer levels than rows re-renders the rows (its shape changed) and is painted again.
    depth.asks.forEach((level, i) => this.asks[i]?.show(level, max, decimals, amountDecimals));
    depth.bids.forEach((level, i) => this.bids[i]?.show(level, max, decimals, amountDecimals));
    this.last.set(depth.last === null ? '—' : formatPrice(depth.last, decimals));
    const pct = depth.spreadPct === null ? '' : ` (${formatPercent(depth.spreadPct).replace(/^[▲▼•] \+?/, '')})`;
    this.spread.set(`spread ${depth.spread === null ? '—' : formatPrice(depth.spread, decimals)}${pct}`);
  }
}
