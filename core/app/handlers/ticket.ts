import type { CommandParsedArgs } from '../../api/contract/index.js';
import { ApiError } from '../../api/errors.js';
import type { AccountRegistry } from '../../accounts/registry.js';

import { decimalsForStep } from '../../market/watchlist.js';
import { bracketProblems, type ManualBrackets } from '../../orders/manual-brackets.js';
import type { OrderJournal } from '../../orders/journal.js';
import { replacementRules, type OrderChange, type OrderPipeline } from '../../orders/pipeline.js';
import { checkOrderRules } from '../../exchange/precision.js';
import type { HandlerMap } from './merge.js';
import { settled } from './trading.js';

export interface TicketHandlersOptions {
  readonly pipeline: OrderPipeline;
  readonly registry: AccountRegistry;
  readonly brackets: ManualBrackets;
  /** The journal's record of the order a Modify previews. */
  readonly journal: Pick<OrderJournal, 'get'>;
}

/**
 * The full ticket: `orders.place` with post-only, time in force and a bracket (take profit, stop loss),
 * `orders.modify` (cancel/replace through the order road), `orders.ticketRules` (steps, fees, options).
 */
export function ticketHandlers({ pipeline, registry, brackets, journal }: TicketHandlersOptions): HandlerMap {
  const rulesOf = (account: string, symbol: string) => {
    const found = registry.get(account);
    if (!found) throw new ApiError('not_found', `no account "${account}" (arm a live account under Settings → Accounts)`, [{ path: 'account', message: 'unknown or not armed' }]);
    try {
      return { account: found, rules: found.port.market(symbol) };
    } catch {
      throw new ApiError('not_found', `${symbol} is not traded on ${account}`, [{ path: 'symbol', message: 'not traded on this account' }]);
    }
  };
  /**
   * A modify that changes nothing once rounded to the market's steps is refused before anything is sent: a
   * cancel/replace to the same price and amount would only put the order at the back of the venue's queue.
   */
  const refuseNoChange = (clientOrderId: string, change: OrderChange, undo?: () => void) => {
    const current = journal.get(clientOrderId);
    if (!current || !['open', 'partially_filled'].includes(current.status)) return;
    const found = registry.get(current.venue);
    const checked = found ? checkOrderRules(found.port, replacementRules(current, change, found.markPrice(current.symbol))) : null;
    if (!checked?.ok) return;
    const { priceStep, amountStep, base } = found!.port.market(current.symbol);
    const same = (a: number | null, b: number | null, step: number) => (a === null || b === null ? a === b : Math.abs(a - b) < step / 2);
    const left = Math.max(0, current.amount - current.filled);
    if (!same(checked.order.price, current.price, priceStep) || !same(checked.order.amount, left, amountStep) || !same(checked.order.stopPrice, current.stopPrice, priceStep)) return;
    undo?.();
    const field = change.price !== undefined ? 'price' : change.amount !== undefined ? 'amount' : 'stopPrice';
    const at = [current.stopPrice !== null ? `stop ${atStep(current.stopPrice, priceStep)}` : null, current.price !== null ? `price ${atStep(current.price, priceStep)}` : null].filter(Boolean).join(', ');
    const message = `nothing to change: the order is already ${atStep(left, amountStep)} ${base} at ${at} — it was left as it was`;
    throw new ApiError('rejected', `${current.symbol}: ${message}`, [{ path: field, message }]);
  };
  return {
    'orders.place': async (args) => {
      const intent = manualIntent(args);
      const takeProfit = args.takeProfit !== undefined ? Number(args.takeProfit) : null;
      const stopLoss = args.stopLoss !== undefined ? Number(args.stopLoss) : null;
      if (takeProfit !== null || stopLoss !== null) {
        const { account, rules } = rulesOf(args.account, args.symbol);
        const entry = intent.price ?? account.markPrice(args.symbol);
        const decimals = decimalsForStep(rules.priceStep);
        const problems = bracketProblems(args.side, entry, takeProfit, stopLoss, (price) => `${price.toFixed(decimals)} ${rules.quote}`);
        if (problems.length > 0) throw new ApiError('bad_request', `${args.symbol}: ${problems.map((p) => `${p.path === 'takeProfit' ? 'take profit' : 'stop loss'} ${p.message}`).join('; ')}`, problems);
      }
      const outcome = await pipeline.submit({ account: args.account, owner: 'manual', act: 'trader', intent }).done;
      const order = settled(outcome, registry);
      if (takeProfit !== null || stopLoss !== null) brackets.attach({ account: order.account, symbol: order.symbol, takeProfit, stopLoss, entryOrder: order.clientOrderId });
      return order;
    },
    'orders.modify': async ({ clientOrderId, price, amount, stopPrice }) => {
      const newAmount = amount !== undefined ? Number(amount) : undefined;
      if (newAmount !== undefined && !(newAmount > 0)) throw new ApiError('bad_request', 'amount must be greater than 0', [{ path: 'amount', message: 'must be greater than 0' }]);
      // A bracket waiting for this entry follows it to the replacing order (the cancel would void it).
      const carried = brackets.takePending(clientOrderId);
      if (carried && price !== undefined) {
        const problems = bracketProblems('buy', Number(price), carried.takeProfit, carried.stopLoss, String);
        if (problems.length > 0) {
          brackets.attach(carried);
          throw new ApiError('bad_request', `${carried.symbol}: the order's ${problems.map((p) => `${p.path === 'takeProfit' ? 'take profit' : 'stop loss'} ${p.message}`).join('; ')}`, problems.map((p) => ({ path: 'price', message: `${p.path === 'takeProfit' ? 'take profit' : 'stop loss'} ${p.message}` })));
        }
      }
      const change = { ...(price !== undefined ? { price: Number(price) } : {}), ...(newAmount !== undefined ? { amount: newAmount } : {}), ...(stopPrice !== undefined ? { stopPrice: Number(stopPrice) } : {}) };
      refuseNoChange(clientOrderId, change, () => carried && brackets.attach(carried));
      const outcome = await pipeline.replace(clientOrderId, change);
      if (carried) brackets.attach(outcome.ok ? { ...carried, entryOrder: outcome.order.clientOrderId } : carried);
      if (!outcome.ok && outcome.field === 'clientOrderId') throw new ApiError('not_found', outcome.message, [{ path: 'clientOrderId', message: outcome.message }]);
      // A risk limit refusing the change is said beside the field the trader changed, in the Modify dialog.
      if (!outcome.ok && outcome.stage === 'risk' && outcome.field !== undefined) throw new ApiError(/HALTED/.test(outcome.message) ? 'halted' : 'rejected', outcome.message, [{ path: outcome.field, message: outcome.message }]);
      return settled(outcome, registry);
    },
    'orders.modifyPreview': async ({ clientOrderId, price, amount, stopPrice }) => {
      const current = journal.get(clientOrderId);
      if (!current) throw new ApiError('not_found', `no order ${clientOrderId}`, [{ path: 'clientOrderId', message: `no order ${clientOrderId}` }]);
      const { account, rules } = rulesOf(current.venue, current.symbol);
      const change = { ...(price !== undefined ? { price: Number(price) } : {}), ...(amount !== undefined ? { amount: Number(amount) } : {}), ...(stopPrice !== undefined ? { stopPrice: Number(stopPrice) } : {}) };
      // The very rounding the order road applies before it sends the replacement (core/orders/pipeline.ts replace).
      const checked = checkOrderRules(account.port, replacementRules(current, change, account.markPrice(current.symbol)));
      if (!checked.ok) {
        const field = checked.rule.startsWith('price') ? 'price' : checked.rule.startsWith('stop') ? 'stopPrice' : 'amount';
        throw new ApiError('bad_request', `${current.symbol}: ${checked.message}`, [{ path: field, message: checked.message }]);
      }
      refuseNoChange(clientOrderId, change);
      const shownPrice = (value: number | null) => (value === null ? null : atStep(value, rules.priceStep));
      return { price: shownPrice(checked.order.price), amount: atStep(checked.order.amount, rules.amountStep), stopPrice: shownPrice(checked.order.stopPrice) };
    },
    'orders.ticketRules': async ({ account, symbol }) => {
      const { account: found, rules } = rulesOf(account, symbol);
      const options = rules.orderOptions ?? { postOnly: false, timeInForce: ['GTC' as const] };
      return {
        symbol,
        base: rules.base,
        quote: rules.quote,
        amountStep: rules.amountStep,
        priceStep: rules.priceStep,
        minAmount: rules.minAmount,
        minCost: rules.minCost,
        makerFee: rules.makerFee,
        takerFee: rules.takerFee,
        marketBuyReserve: found.marketBuyReserve?.(symbol) ?? 0,
        postOnly: options.postOnly,
        timeInForce: [...options.timeInForce],
      };
    },
  };
}

/** A rounded value as a decimal string at its step's decimals, without trailing zeros (40000, 39000.12): no float noise. */
function atStep(value: number, step: number): string {
  const fixed = value.toFixed(decimalsForStep(step));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** The ticket's order as an intent: amounts arrive as strict decimal strings and are parsed here. */
function manualIntent(args: CommandParsedArgs<'orders.place'>) {
  const amount = Number(args.amount);
  if (!(amount > 0)) throw new ApiError('bad_request', 'amount must be greater than 0', [{ path: 'amount', message: 'must be greater than 0' }]);
  return {
    symbol: args.symbol,
    side: args.side,
    type: args.type,
    amount,
    ...(args.price !== undefined ? { price: Number(args.price) } : {}),
    ...(args.stopPrice !== undefined ? { stopPrice: Number(args.stopPrice) } : {}),
    ...(args.postOnly === true ? { postOnly: true } : {}),
    ...(args.timeInForce !== undefined ? { timeInForce: args.timeInForce } : {}),
    // A buy opens or adds to the trader's exposure; a sell reduces what they hold (the pipeline checks they hold it).
    purpose: args.side === 'sell' ? ('exit' as const) : ('enter' as const),
    reason: args.side === 'sell' ? 'manual' : 'manual order',
    ...(args.side === 'sell' ? { exitReason: 'manual' as const } : {}),
  };
}

