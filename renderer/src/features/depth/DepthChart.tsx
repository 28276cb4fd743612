import type { DepthView } from '../../../../core/api/contract/depth';
import { formatAmount, formatPrice } from '../../app/format';

const W = 280;
const H = 150;

/** Cumulative bids (left, green) and asks (right, red) by price: how much the book holds how far from the middle. */
export function DepthChart({ depth, base }: { depth: DepthView; base: string }) {
  const bids = depth.bids;
  const asks = depth.asks;
  if (bids.length === 0 || asks.length === 0) return <p className="muted small pad">No book to chart yet.</p>;
  const low = bids.at(-1)!.price;
  const high = asks.at(-1)!.price;
  const top = Math.max(bids.at(-1)!.total, asks.at(-1)!.total) || 1;
  const x = (price: number) => ((price - low) / (high - low || 1)) * W;
  const y = (total: number) => H - (total / top) * (H - 8);
  // A step line: each level's total holds until the next price.
  const path = (levels: DepthView['bids']) => {
    let d = `M ${x(levels[0]!.price).toFixed(1)} ${H}`;
    let previous = 0;
    for (const level of levels) {
      d += ` L ${x(level.price).toFixed(1)} ${y(previous).toFixed(1)} L ${x(level.price).toFixed(1)} ${y(level.total).toFixed(1)}`;
      previous = level.total;
    }
    return `${d} L ${x(levels.at(-1)!.price).toFixed(1)} ${H} Z`;
  };
  const summary = `Bids ${formatAmount(bids.at(-1)!.total)} ${base} down to ${formatPrice(low, depth.priceDecimals)}; asks ${formatAmount(asks.at(-1)!.total)} ${base} up to ${formatPrice(high, depth.priceDecimals)}`;
  return (
    <figure className="depth-chart">
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label="Depth chart" data-testid="depth-chart">
        <title>{summary}</title>
        <path d={path(bids)} className="depth-bids" />
        <path d={path(asks)} className="depth-asks" />
      </svg>
      <figcaption className="muted small">{summary}</figcaption>
    </figure>
  );
}
