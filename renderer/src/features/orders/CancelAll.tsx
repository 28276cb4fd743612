import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { CommandResult } from '../../../../core/api/contract/index';
import type { OrderView } from '../../../../core/api/contract/trading';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { useTradingStore } from '../../stores/trading';

type Plan = CommandResult<'orders.cancelAllPlan'>;
type Report = CommandResult<'orders.cancelAll'>;

const PAPER = 'paper';
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
/** "BTC/USDT buy limit at 39000 on binance:main", "BTC/USDT sell stop-limit (stop 58000) on Paper": which order, as its row shows it. */
const orderName = (order: OrderView) => {
  const at = order.stopPrice !== null ? ` (stop ${order.stopPrice})` : order.price !== null ? ` at ${order.price}` : '';
  return `${order.symbol} ${order.side} ${order.type.replace('_', '-')}${at} on ${order.account === PAPER ? 'Paper' : order.account}`;
};

/** "2 on Paper (BTC/USDT, ETH/USDT), 1 on binance:main (BTC/USDT) — LIVE, real money": how many and where. */
function where(orders: readonly OrderView[]): string {
  const byAccount = new Map<string, OrderView[]>();
  for (const order of orders) byAccount.set(order.account, [...(byAccount.get(order.account) ?? []), order]);
  return [...byAccount]
    .map(([account, list]) => `${list.length} on ${account === PAPER ? 'Paper' : account} (${[...new Set(list.map((o) => o.symbol))].join(', ')})${account === PAPER ? '' : ' — LIVE, real money'}`)
    .join(', ');
}

/**
 * "Cancel all" in Open Orders: asks the core what it would cancel (the rule — sell stops guarding a
 * position stay — lives in the core), names how many and where in a confirmation, then cancels exactly
 * those orders through `orders.cancelAll` (each the way the row's Cancel goes) and reports each one that
 * could not be cancelled with the reason.
 */
export function CancelAll({ onReport }: { onReport(message: { kind: 'ok' | 'error'; text: string; failures: string[] } | null): void }) {
  const [plan, setPlan] = useState<Plan | null>(null);
  const [busy, setBusy] = useState(false);

  const ask = async () => {
    onReport(null);
    setBusy(true);
    try {
      const answer = await api.call('orders.cancelAllPlan', {});
      if (answer.cancel.length === 0) onReport({ kind: 'ok', text: `Nothing to cancel: ${keptText(answer)}`, failures: [] });
      else setPlan(answer);
    } catch (reason) {
      onReport({ kind: 'error', text: `Cancel all failed: ${describeError(reason)}`, failures: [] });
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (confirmed: Plan) => {
    setPlan(null);
    setBusy(true);
    try {
      const report = await api.call('orders.cancelAll', { clientOrderIds: confirmed.cancel.map((order) => order.clientOrderId) });
      onReport(reportMessage(report));
    } catch (reason) {
      onReport({ kind: 'error', text: `Cancel all failed: ${describeError(reason)}`, failures: [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="small-btn" disabled={busy} onClick={() => void ask()}>
        Cancel all
      </button>
      {plan ? <CancelAllConfirm plan={plan} onConfirm={() => void confirm(plan)} onKeep={() => setPlan(null)} /> : null}
    </>
  );
}

function keptText(plan: Plan): string {
  if (plan.keep.length === 0) return 'no working orders.';
  return `${plan.keep.length === 1 ? 'the order shown is a stop' : `the ${plan.keep.length} orders shown are stops`} guarding what you hold — ${plan.keep.map((k) => orderName(k.order)).join('; ')}. Cancel a stop from its own row.`;
}

function reportMessage(report: Report): { kind: 'ok' | 'error'; text: string; failures: string[] } {
  const tried = report.cancelled.length + report.notCancelled.length;
  const store = useTradingStore.getState();
  for (const order of report.cancelled) store.upsertOrder(order);
  for (const { order } of report.notCancelled) if (order) store.upsertOrder(order);
  const failures = report.notCancelled.map((n) => `${n.order ? orderName(n.order) : n.clientOrderId}: ${n.reason}`);
  if (failures.length === 0) return { kind: 'ok', text: `Cancelled ${plural(report.cancelled.length, 'order')}.`, failures };
  return { kind: 'error', text: `Cancelled ${report.cancelled.length} of ${plural(tried, 'order')}; ${failures.length} could not be cancelled:`, failures };
}

/** The question before anything is cancelled: how many, where, whether real money, and which stops stay. Focus starts on "Keep them". */
function CancelAllConfirm({ plan, onConfirm, onKeep }: { plan: Plan; onConfirm(): void; onKeep(): void }) {
  const keep = useRef<HTMLButtonElement>(null);
  const go = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  const live = plan.cancel.some((order) => order.account !== PAPER);
  const bots = plan.cancel.filter((order) => order.source !== 'manual').length;
  const sells = plan.cancel.filter((order) => order.side === 'sell').length;
  const onKeyDown = (event: KeyboardEvent) => {
    event.stopPropagation(); // the workspace's shortcuts must not act behind this question
    if (event.key === 'Escape') onKeep();
    if (event.key === 'Tab') {
      event.preventDefault();
      (document.activeElement === keep.current ? go : keep).current?.focus();
    }
  };
  // On the page itself: the dock's panels clip and stack what they hold, and this must cover the workspace.
  return createPortal(
    <div className="overlay-backdrop" onMouseDown={onKeep}>
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="cancel-all-title" aria-describedby="cancel-all-summary" onMouseDown={(e) => e.stopPropagation()} onKeyDown={onKeyDown}>
        <header className="dialog-header">
          <h2 id="cancel-all-title">Cancel all open orders?</h2>
          {live ? <span className="badge live">LIVE</span> : null}
        </header>
        <div className="live-confirm-body">
          <p id="cancel-all-summary" data-testid="cancel-all-summary">
            Cancel {plan.cancel.length} working {plan.cancel.length === 1 ? 'order' : 'orders'}: {where(plan.cancel)}.
            {sells > 0 ? ` ${sells === 1 ? 'One is a sell' : `${sells} are sells`} — an exit of what you hold, gone once cancelled.` : ''}
            {bots > 0 ? ` ${bots === 1 ? "One is a strategy's, which may place it" : `${bots} are strategies', which may place them`} again.` : ''}
          </p>
          {plan.keep.length > 0 ? (
            <div data-testid="cancel-all-kept">
              <p>
                Left working — {plan.keep.length === 1 ? 'a stop' : `${plan.keep.length} stops`} guarding what you hold (cancel a stop from its own row):
              </p>
              <ul>
                {plan.keep.map(({ order, why }) => (
                  <li key={order.clientOrderId}>
                    {orderName(order)}: {why}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
        <footer className="button-row live-confirm-actions">
          <button ref={keep} type="button" onClick={onKeep}>
            Keep them
          </button>
          <button ref={go} type="button" className="submit sell" onClick={onConfirm}>
            Cancel {plural(plan.cancel.length, 'order')}
          </button>
        </footer>
      </div>
    </div>,
    document.body,
  );
}
