import type { OrderRecord } from '../orders/order-record.js';
import { formatMoney, formatPct, round } from './format.js';

/** An owner's open position as capital counts it: what it cost. */
export interface HeldPosition {
  readonly owner: string;
  readonly symbol: string;
  readonly quantity: number;
  readonly averageEntry: number;
}

/** What a configuration has committed on an account: open positions at cost plus resting entry orders. */
export interface CapitalUse {
  readonly positions: number;
  readonly working: number;
  readonly total: number;
}

type WorkingOrder = Pick<OrderRecord, 'strategy' | 'symbol' | 'side' | 'amount' | 'filled' | 'price'>;

/** The quote a working buy still commits: its unfilled part at its limit price (a market order's at the mark). */
export function workingBuyNotional(order: WorkingOrder, mark: (symbol: string) => number | null = () => null): number {
  if (order.side !== 'buy') return 0;
  const price = order.price ?? mark(order.symbol);
  return price === null ? 0 : Math.max(0, order.amount - order.filled) * price;
}

/** Capital committed by `owner` (a configuration) on one account, from the ledger and the journal. */
export function capitalUse(owner: string, positions: readonly HeldPosition[], working: readonly WorkingOrder[], mark?: (symbol: string) => number | null): CapitalUse {
  let held = 0;
  for (const position of positions) if (position.owner === owner) held += position.quantity * position.averageEntry;
  let resting = 0;
  for (const order of working) if (order.strategy === owner) resting += workingBuyNotional(order, mark);
  return { positions: round(held, 8), working: round(resting, 8), total: round(held + resting, 8) };
}

export interface CapitalRequest {
  readonly config: string;
  readonly account: string;
  readonly quote: string;
  /** The configuration's budget (quote) at the current equity. */
  readonly budget: number;
  /** What the configuration already commits, including entries admitted earlier in the same bar. */
  readonly used: number;
  /** Every configuration's commitment on the account, the same way. */
  readonly usedByAll: number;
  readonly equity: number;
  readonly reservePct: number;
  /** The entry's notional. */
  readonly notional: number;
}

export type CapitalRule = 'budget' | 'reserve' | 'equity';
export type CapitalDecision = { readonly ok: true } | { readonly ok: false; readonly rule: CapitalRule; readonly message: string };

/**
 * An entry fits when the configuration's budget has room for it and all strategies together stay out
 * of the account's cash reserve. The refusal says how much is in use, how much is free and what the
 * entry needs.
 */
export function checkCapital(request: CapitalRequest): CapitalDecision {
  const { config, account, quote, budget, used, notional } = request;
  if (!(request.equity > 0)) return { ok: false, rule: 'equity', message: `${config}: the equity of ${account} is not known yet, so its budget cannot be checked` };
  const tolerance = 1e-9 * Math.max(1, budget);
  if (budget <= 0) return { ok: false, rule: 'budget', message: `${config} has no budget on ${account}: give it one under Strategies → Budgets` };
  if (used + notional > budget + tolerance) {
    const free = Math.max(0, budget - used);
    return { ok: false, rule: 'budget', message: `${config}: budget used — ${formatMoney(used, quote)} of ${formatMoney(budget, quote)} in use, this entry needs ${formatMoney(notional, quote)} (free ${formatMoney(free, quote)})` };
  }
  const deployable = (request.equity * (100 - request.reservePct)) / 100;
  if (request.usedByAll + notional > deployable + 1e-9 * Math.max(1, deployable)) {
    return {
      ok: false,
      rule: 'reserve',
      message: `${config}: this entry of ${formatMoney(notional, quote)} would dip into the ${formatPct(request.reservePct)} cash reserve of ${account} — strategies already commit ${formatMoney(request.usedByAll, quote)} of the ${formatMoney(deployable, quote)} they may use (equity ${formatMoney(request.equity, quote)})`,
    };
  }
  return { ok: true };
}
