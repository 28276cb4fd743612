import type { OrderView } from '../../api/contract/trading.js';
import { ApiError } from '../../api/errors.js';
import type { AccountRegistry } from '../../accounts/registry.js';
import type { PaperAccount } from '../../accounts/paper-account.js';
import { cancelConfirmed, planCancelAll } from '../../orders/cancel-all.js';
import type { OrderJournal } from '../../orders/journal.js';
import type { OrderPipeline, SubmitOutcome } from '../../orders/pipeline.js';
import type { PositionLedger } from '../../positions/ledger.js';
import { PositionNotFoundError, type PositionBoard } from '../../positions/position-board.js';
import type { HandlerMap } from './merge.js';
import { fillView, orderView, positionView } from './views.js';

export interface TradingHandlersOptions {
  readonly pipeline: OrderPipeline;
  readonly journal: OrderJournal;
  readonly ledger: PositionLedger;
  readonly board: PositionBoard;
  readonly registry: AccountRegistry;
  readonly paper: PaperAccount;
  /** Starts the paper account over (refused while anything is open); resolves with its balances and the reset time. */
  readonly resetPaper: () => Promise<{ balances: { currency: string; free: number; used: number; total: number }[]; resetAt: number }>;
}

/**
 * `orders.*`, `fills.*`, `positions.*`, `balances.*`: the trader's orders go through the same order
 * pipeline as every other order (account → precision → ownership → account-wide risk → journal → send).
 */
export function tradingHandlers(options: TradingHandlersOptions): HandlerMap {
  const { pipeline, journal, ledger, board, registry } = options;
  return {
    'orders.cancel': async ({ clientOrderId }) => {
      const result = await pipeline.cancel(clientOrderId);
      if (!result.ok) throw new ApiError(result.notFound ? 'not_found' : 'rejected', result.message);
      return orderView(result.order, registry);
    },
    'orders.cancelAllPlan': async (scope) => {
      const plan = planCancelAll(journal.orders.live(), scope);
      return { cancel: plan.cancel.map((order) => orderView(order, registry)), keep: plan.keep.map(({ order, why }) => ({ order: orderView(order, registry), why })) };
    },
    'orders.cancelAll': async ({ clientOrderIds }) => {
      const report = await cancelConfirmed(pipeline, journal, clientOrderIds);
      return {
        cancelled: report.cancelled.map((order) => orderView(order, registry)),
        notCancelled: report.notCancelled.map((n) => ({ clientOrderId: n.clientOrderId, order: n.order && orderView(n.order, registry), reason: n.reason })),
      };
    },
    'orders.list': async ({ status, symbol }) => {
      const records = status === 'open' ? journal.orders.live() : journal.orders.recent({ limit: 500, ...(symbol ? { symbol } : {}) });
      return records.filter((r) => !symbol || r.symbol === symbol).map((order) => orderView(order, registry));
    },
    'orders.openCount': async () => {
      const live = journal.orders.live();
      const paper = live.filter((order) => order.venue === 'paper').length;
      return { paper, live: live.length - paper };
    },
    'fills.list': async ({ symbol, limit }) => {
      const fills = journal.fills.between(0, Number.MAX_SAFE_INTEGER, symbol);
      return fills.slice(-limit).map((fill) => fillView(fill, journal.get(fill.clientOrderId), ledger, registry));
    },
    'positions.list': async () => board.list().map((position) => positionView(position, registry)),
    'positions.close': async ({ id, fraction }) => {
      try {
        return settled(await board.close(id, fraction), registry);
      } catch (error) {
        if (error instanceof PositionNotFoundError) throw new ApiError('not_found', error.message, [{ path: 'id', message: error.message }]);
        throw error;
      }
    },
    'accounts.resetPaper': async () => options.resetPaper(),
    'balances.list': async ({ account }) => {
      const found = registry.get(account);
      if (!found) throw new ApiError('not_found', `no account "${account}" (live accounts are listed under Settings → Accounts; arm one to see its balances)`, [{ path: 'account', message: 'unknown or not armed' }]);
      const balances = await found.balances().catch((error: unknown) => {
        throw new ApiError('unavailable', `${account}: ${error instanceof Error ? error.message : String(error)}`);
      });
      return balances.map((b) => ({ currency: b.currency, free: b.free, used: b.used, total: b.total }));
    },
  };
}

/** A pipeline outcome as the API answers it: the journaled order, or an error naming the stage (and field). */
export function settled(outcome: SubmitOutcome, registry: Pick<AccountRegistry, 'get'>): OrderView {
  if (outcome.ok) return orderView(outcome.order, registry);
  const issues = outcome.field ? [{ path: outcome.field, message: outcome.message }] : undefined;
  switch (outcome.stage) {
    case 'account':
      throw new ApiError(issues ? 'bad_request' : 'rejected', outcome.message, issues);
    case 'risk':
      throw new ApiError(/HALTED/.test(outcome.message) ? 'halted' : 'rejected', outcome.message);
    default:
      throw new ApiError('rejected', outcome.message, issues);
  }
}
