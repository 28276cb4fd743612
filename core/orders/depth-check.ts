import { fmt, priceText } from '../exchange/precision.js';
import { estimateMarketFill, type FillEstimate, type OrderBook } from '../market/order-book.js';

export interface DepthCheckInput {
  readonly side: 'buy' | 'sell';
  /** Base quantity, already rounded to the market's step. */
  readonly amount: number;
  /** The book now; null when none could be had (the check then lets the order go: the other checks still apply). */
  readonly book: OrderBook | null;
  /** The last price the trader saw (what slippage is measured against); the book's mid when unknown. */
  readonly last: number | null;
  /** The trader's max slippage (risk configuration `limits.maxSlippagePct`). */
  readonly maxSlippagePct: number;
  readonly base: string;
  readonly quote: string;
  readonly priceDecimals: number;
}

export interface DepthCheck {
  readonly allowed: boolean;
  readonly estimate: FillEstimate | null;
  /** Why it is refused, with the numbers; null when allowed. */
  readonly message: string | null;
}

/** 0.37 %, and small ones with two significant digits (0.0052 %) rather than a misleading 0.00 %. */
const pct = (value: number) => `${value >= 0.1 || value === 0 ? value.toFixed(2) : String(Number(value.toPrecision(2)))} %`;

/**
 * Before a market entry: what it would fill at from the book, the spread, and the slippage against the
 * last price. More than the trader's max slippage — or more than the book holds — and it is refused,
 * saying by how much. Every market entry on the order road passes it; the ticket shows the same numbers.
 */
export function checkMarketDepth(input: DepthCheckInput): DepthCheck {
  if (input.book === null) return { allowed: true, estimate: null, message: null };
  const estimate = estimateMarketFill(input.book, input.side, input.amount, input.last);
  const price = (value: number) => `${priceText(value, input.priceDecimals)} ${input.quote}`;
  const what = `market ${input.side} ${fmt(input.amount)} ${input.base}`;
  const advice = `use a limit order or a smaller amount`;
  if (estimate.filled < input.amount) {
    const sideName = input.side === 'buy' ? 'ask' : 'bid';
    const reach = estimate.worstPrice === null ? '' : ` down to ${price(estimate.worstPrice)}`;
    return { allowed: false, estimate, message: `${what}: the book holds only ${fmt(Number(estimate.filled.toPrecision(6)))} ${input.base} on the ${sideName} side${reach} — ${advice}` };
  }
  const slippage = estimate.slippagePct ?? 0;
  if (slippage <= input.maxSlippagePct) return { allowed: true, estimate, message: null };
  const direction = input.side === 'buy' ? 'above' : 'below';
  const against = input.last !== null ? `the last price ${price(input.last)}` : 'the mid price';
  const spread = estimate.spreadPct === null ? '' : `, spread ${pct(estimate.spreadPct)}`;
  return {
    allowed: false,
    estimate,
    message: `${what} would fill at about ${price(estimate.averagePrice!)} on average (worst ${price(estimate.worstPrice!)}): ${pct(slippage)} ${direction} ${against}${spread} — over your max slippage of ${pct(input.maxSlippagePct)} (Risk tab → Risk limits); ${advice}`,
  };
}
