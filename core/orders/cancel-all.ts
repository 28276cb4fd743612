import type { MarketSymbol } from '../market/candle.js';
import type { OrderRecord } from './order-record.js';
import type { OrderPipeline } from './pipeline.js';
import { PROTECTIVE_REASON } from './protective-stops.js';

/** Which working orders "Cancel all" looks at: every account and symbol unless narrowed. */
export interface CancelAllScope {
  readonly account?: string;
  readonly symbol?: MarketSymbol;
}

/** What "Cancel all" would do: the orders it cancels, and the ones it leaves alone with why. */
export interface CancelAllPlan {
  readonly cancel: readonly OrderRecord[];
  readonly keep: readonly { readonly order: OrderRecord; readonly why: string }[];
}

/** What came of it: each order cancelled, or not cancelled with the reason (the venue's own where it refused). */
export interface CancelAllReport {
  readonly cancelled: readonly OrderRecord[];
  readonly notCancelled: readonly { readonly clientOrderId: string; readonly order: OrderRecord | null; readonly reason: string }[];
}

/**
 * Why "Cancel all" leaves a working order alone, or null when it cancels it. A sell stop guards what the
 * trader holds — Halyard's protective stop at the venue, or the trader's own stop-limit sell — and a
 * position whose stop disappears in a bulk cancel is unprotected without anyone having chosen it (the
 * emergency stop keeps protective stops for the same reason). Such a stop is cancelled from its own row.
 */
export function keptByCancelAll(order: Pick<OrderRecord, 'reason' | 'side' | 'type'>): string | null {
  if (order.reason === PROTECTIVE_REASON) return "protective stop of an open position (it follows the position's stop)";
  if (order.side === 'sell' && order.type === 'stop_limit') return 'stop-limit sell: a stop that guards what you hold';
  return null;
}

/** The plan for the working orders in `scope` (`working`: the journal's live orders, what Open Orders shows). */
export function planCancelAll(working: readonly OrderRecord[], scope: CancelAllScope): CancelAllPlan {
  const cancel: OrderRecord[] = [];
  const keep: { order: OrderRecord; why: string }[] = [];
  for (const order of working) {
    if (scope.account !== undefined && order.venue !== scope.account) continue;
    if (scope.symbol !== undefined && order.symbol !== scope.symbol) continue;
    const why = keptByCancelAll(order);
    if (why === null) cancel.push(order);
    else keep.push({ order, why });
  }
  return { cancel, keep };
}

const WORKING = new Set<OrderRecord['status']>(['pending', 'open', 'partially_filled', 'unknown']);

/**
 * Cancels the orders the trader confirmed (by client id: nothing placed after the confirmation is touched),
 * each through the pipeline's cancel — the single Cancel's road, in its account's queue — all accounts at
 * once. The rule is checked again here: an order the plan leaves alone is never cancelled by this.
 */
export async function cancelConfirmed(
  pipeline: Pick<OrderPipeline, 'cancel'>,
  journal: { get(clientOrderId: string): OrderRecord | null },
  clientOrderIds: readonly string[],
): Promise<CancelAllReport> {
  const answers = await Promise.all(
    [...new Set(clientOrderIds)].map(async (clientOrderId) => {
      const order = journal.get(clientOrderId);
      if (order === null) return { clientOrderId, order, reason: `no order ${clientOrderId}` };
      if (!WORKING.has(order.status)) return { clientOrderId, order, reason: `it was already ${order.status.replace('_', ' ')}` };
      const kept = keptByCancelAll(order);
      if (kept !== null) return { clientOrderId, order, reason: `left alone: ${kept}` };
      const result = await pipeline.cancel(clientOrderId);
      if (!result.ok) return { clientOrderId, order: journal.get(clientOrderId), reason: result.message };
      if (result.outcome === 'canceled') return { clientOrderId, order: result.order, reason: null };
      const why = result.outcome === 'already_filled' ? 'it filled before the cancel reached the venue' : 'the venue had already closed it';
      return { clientOrderId, order: result.order, reason: why };
    }),
  );
  const cancelled: OrderRecord[] = [];
  const notCancelled: { clientOrderId: string; order: OrderRecord | null; reason: string }[] = [];
  for (const answer of answers) {
    if (answer.reason === null) cancelled.push(answer.order);
    else notCancelled.push({ clientOrderId: answer.clientOrderId, order: answer.order, reason: answer.reason });
  }
  return { cancelled, notCancelled };
}
