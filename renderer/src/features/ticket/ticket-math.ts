import type { TicketRulesView } from '../../../../core/api/contract/trading';

/** Decimal places of a step (0.0001 → 4). */
export function stepDecimals(step: number): number {
  return step > 0 ? Math.min(12, Math.max(0, Math.round(-Math.log10(step)))) : 8;
}

/**
 * An amount as the ticket's text: down to the market's step (like the venue truncates), written with the
 * step's decimals so no float noise reaches the field ("0.1234", never "0.12340000000000001").
 */
export function amountText(amount: number, step: number): string {
  if (!(amount > 0) || !(step > 0)) return '';
  const steps = Math.floor(amount / step + 1e-9);
  return steps > 0 ? (steps * step).toFixed(stepDecimals(step)) : '';
}

/**
 * `fraction` of the available balance as an amount in base: a buy spends the quote balance at `price`
 * including the fee, a sell takes the base balance.
 */
export function amountForFraction(fraction: number, side: 'buy' | 'sell', free: { base: number; quote: number }, price: number | null, feeRate: number, step: number): string {
  if (side === 'sell') return amountText(free.base * fraction, step);
  if (price === null || !(price > 0)) return '';
  return amountText((free.quote * fraction) / (price * (1 + feeRate)), step);
}

/** The fee rate an order would pay: maker for a post-only or a limit that rests, taker otherwise. */
export function feeRateFor(rules: Pick<TicketRulesView, 'makerFee' | 'takerFee'>, type: 'market' | 'limit' | 'stop_limit', side: 'buy' | 'sell', price: number | null, last: number | null, postOnly: boolean): number {
  if (type === 'market' || type === 'stop_limit') return rules.takerFee;
  if (postOnly) return rules.makerFee;
  const rests = price !== null && last !== null && (side === 'buy' ? price < last : price > last);
  return rests ? rules.makerFee : rules.takerFee;
}

/** Cost, fee and total in quote (a buy pays cost + fee; a sell receives cost − fee). */
export function preview(amount: number, price: number, feeRate: number, side: 'buy' | 'sell'): { cost: number; fee: number; total: number } {
  const cost = amount * price;
  const fee = cost * feeRate;
  return { cost, fee, total: side === 'buy' ? cost + fee : cost - fee };
}
