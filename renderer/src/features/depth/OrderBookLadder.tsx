import { useLayoutEffect, useRef } from 'react';
import { BookPainter } from './book-painter';
import type { DepthFeed, DepthShape } from './useDepth';

/** One price level's row; its figures are written by the BookPainter, not by React. */
function Level({ side }: { side: 'bid' | 'ask' }) {
  return (
    <tr className={`book-level ${side}`}>
      <td className={`num ${side === 'bid' ? 'up' : 'down'}`} />
      <td className="num" />
      <td className="num muted" />
    </tr>
  );
}

/**
 * Asks above (best nearest the middle), the spread and last price, bids below; bars show the cumulative
 * depth. React renders the rows when the book's shape changes; each new book is written into them in
 * place as it arrives (no React render per tick: the figures that changed, and nothing else).
 */
export function OrderBookLadder({ feed, shape, base, quote }: { feed: DepthFeed; shape: DepthShape; base: string; quote: string }) {
  const body = useRef<HTMLTableSectionElement>(null);
  useLayoutEffect(() => {
    const painter = new BookPainter(body.current!);
    const latest = feed.snapshot();
    if (latest) painter.paint(latest);
    return feed.subscribe((depth) => painter.paint(depth));
  }, [feed, shape]);
  return (
    <table className="mini-table book-ladder" aria-label="Order book">
      <thead>
        <tr>
          <th scope="col" className="num">Price ({quote})</th>
          <th scope="col" className="num">Amount ({base})</th>
          <th scope="col" className="num">Total</th>
        </tr>
      </thead>
      <tbody ref={body}>
        {/* Rows keyed by distance from the spread: a moving price updates them in place, not row by row anew. */}
        {Array.from({ length: shape.asks }, (_, i) => (
          <Level key={`a${shape.asks - 1 - i}`} side="ask" />
        ))}
        <tr className="book-spread" data-testid="book-spread">
          <td className="num strong" />
          <td className="num muted" colSpan={2} />
        </tr>
        {Array.from({ length: shape.bids }, (_, i) => (
          <Level key={`b${i}`} side="bid" />
        ))}
      </tbody>
    </table>
  );
}
