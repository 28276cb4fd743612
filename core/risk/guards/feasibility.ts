import { checkOrderRules, type PrecisionPort } from '../../exchange/precision.js';
import type { MarketRules } from '../../exchange/port.js';
import { ALLOW, deny, type GuardDecision, type RiskGuard } from '../guard.js';
import { fmt } from '../support/format.js';

/**
 * Orders the venue would refuse, or that would strand a position: precision and minimum notional
 * (through the exchange's own rounding, core/exchange/precision.ts), and exit feasibility — a
 * planned partial exit or grid must not leave a remainder below the market minimum, because that
 * remainder could then never be sold.
 */

/** Float noise off a difference of two amounts already on the step (0.3 − 0.1 → 0.2, not 0.19999999999999998). */
function clean(value: number): number {
  return Number(value.toFixed(12));
}

/** Why `amount` at `price` is below the market minimum, or null when it is sellable. */
function belowMinimum(rules: MarketRules, amount: number, price: number): string | null {
  if (rules.minAmount !== null && amount < rules.minAmount) return `${fmt(amount)} ${rules.base} is below the minimum amount ${fmt(rules.minAmount)}`;
  const notional = amount * price;
  if (rules.minCost !== null && notional < rules.minCost) {
    return `${fmt(amount)} ${rules.base} × ${fmt(price)} = ${fmt(clean(notional))} ${rules.quote} is below the minimum notional ${fmt(rules.minCost)} ${rules.quote}`;
  }
  return null;
}

export const marketRulesGuard: RiskGuard = {
  name: 'market_rules',
  appliesTo: 'entries',
  check(order, _portfolio, { precision }) {
    if (precision === null) return ALLOW;
    const type = order.type === 'market' ? 'market' : 'limit';
    const result = checkOrderRules(precision, { symbol: order.symbol, type, amount: order.amount, ...(type === 'limit' ? { price: order.price } : {}), referencePrice: order.price });
    return result.ok ? ALLOW : deny(`market_rules:${result.rule}`, `market rules: ${order.symbol} ${result.message}`);
  },
};

export const exitFeasibilityGuard: RiskGuard = {
  name: 'exit_feasibility',
  appliesTo: 'exits',
  check(order, _portfolio, { precision }) {
    if (precision === null || order.positionQuantity === undefined) return ALLOW;
    const remainder = clean(order.positionQuantity - order.amount);
    if (remainder <= 0) return ALLOW;
    const rules = precision.market(order.symbol);
    const problem = belowMinimum(rules, remainder, order.price);
    if (problem === null) return ALLOW;
    return deny(
      this.name,
      `exit feasibility: selling ${fmt(order.amount)} of ${fmt(order.positionQuantity)} ${rules.base} on ${order.symbol} would leave ${problem}; close the whole position instead`,
    );
  },
};

/** Entries with planned partial exits or grid levels: every piece and every remainder must be tradable. */
export const plannedExitFeasibilityGuard: RiskGuard = {
  name: 'exit_feasibility',
  appliesTo: 'entries',
  check(order, _portfolio, { precision }) {
    if (precision === null) return ALLOW;
    const rules = precision.market(order.symbol);
    if (order.grid) {
      for (const [index, level] of order.grid.entries()) {
        const problem = belowMinimum(rules, precision.roundAmount(order.symbol, level.amount), level.price);
        if (problem) return deny(this.name, `exit feasibility: grid level ${index + 1} of ${order.grid.length} on ${order.symbol}: ${problem}`);
      }
    }
    if (order.plannedExits) return checkPartialExits(precision, rules, order.symbol, order.amount, order.plannedExits);
    return ALLOW;
  },
};

function checkPartialExits(
  precision: PrecisionPort,
  rules: MarketRules,
  symbol: string,
  amount: number,
  exits: readonly { readonly fraction: number; readonly price: number }[],
): GuardDecision {
  let remaining = amount;
  let cumulative = 0;
  for (const [index, exit] of exits.entries()) {
    cumulative += exit.fraction;
    // The last slice of a plan that sums to 100 % sells what is left, not a rounded fraction.
    const isRest = cumulative >= 1 - 1e-9;
    const part = isRest ? remaining : Math.min(remaining, precision.roundAmount(symbol, amount * exit.fraction));
    const label = `take-profit ${index + 1} (${fmt(exit.fraction * 100)} % at ${fmt(exit.price)})`;
    const partProblem = belowMinimum(rules, part, exit.price);
    if (partProblem) return deny('exit_feasibility', `exit feasibility: ${symbol} entry of ${fmt(amount)} ${rules.base}: ${label} sells ${partProblem}`);
    remaining = clean(remaining - part);
    if (remaining > 0) {
      const restProblem = belowMinimum(rules, remaining, exit.price);
      if (restProblem) return deny('exit_feasibility', `exit feasibility: ${symbol} entry of ${fmt(amount)} ${rules.base}: after ${label} the remainder ${restProblem}`);
    }
    if (remaining <= 0) break;
  }
  return ALLOW;
}
