import type { AppStatus } from '../../../core/api/contract/app';
import { isEventName } from '../../../core/api/contract/index';
import type { RiskEventView } from '../../../core/api/contract/risk';
import type { FillView, OrderView } from '../../../core/api/contract/trading';
import { report } from '../features/alerts/notifier';
import type { FeedKind } from '../stores/events';
import { useHostStore } from '../stores/host';
import { useTradingStore } from '../stores/trading';
import { formatAmount, formatFillFee } from './format';

/*
 * The core's pushed events as the trader hears about them: each updates its store and, where it
 * matters, adds a feed entry and a desktop notification (muteable per kind, see notifier.ts).
 */

const EXIT_REASONS = new Set(['stop_loss', 'take_profit', 'trailing_stop', 'time_exit']);

function reportHaltChange(previous: AppStatus, next: AppStatus) {
  if (!previous.halt.halted && next.halt.halted) {
    report({ kind: 'emergency_stop', severity: 'error', title: 'Emergency stop — trading HALTED', detail: `${next.halt.reason ?? 'Stopped'} (by ${next.halt.source ?? 'unknown'})` });
  } else if (previous.halt.halted && !next.halt.halted) {
    report({ kind: 'emergency_stop', severity: 'success', title: 'Re-armed', detail: 'Trading resumed: strategies and the order ticket may send orders again.' });
  }
}

export function onStatus(next: AppStatus) {
  const previous = useHostStore.getState().status;
  useHostStore.getState().setStatus(next);
  if (!previous) return;
  // With a risk service the core announces stops and re-arms itself, with the cancel results (onRiskNotification).
  if (!isEventName('risk.notification')) reportHaltChange(previous, next);
  if (previous.connection.state !== next.connection.state) {
    const lost = next.connection.state !== 'connected';
    report({
      kind: 'connection',
      severity: lost ? 'warning' : 'success',
      title: lost ? `Market data ${next.connection.state}` : 'Market data connected',
      detail: next.connection.message ?? `${next.dataSource.label} via ${next.connection.transport}`,
    });
  }
}

export function onOrder(order: OrderView, onChange: () => void) {
  const previous = useTradingStore.getState().orders[order.clientOrderId];
  useTradingStore.getState().upsertOrder(order);
  onChange(); // reservations change with every order state
  if (previous?.status === order.status) return;
  const what = `${order.side.toUpperCase()} ${formatAmount(order.amount)} ${order.symbol} ${order.type.replace('_', '-')}`;
  if (order.status === 'rejected') {
    report({ kind: 'rejection', severity: 'error', title: `Order rejected: ${order.symbol}`, detail: `${what} — ${order.reason ?? 'no reason given'}`, symbol: order.symbol });
  } else if (order.status === 'canceled' || order.status === 'expired') {
    report({ kind: 'order', severity: 'info', title: `Order ${order.status}: ${order.symbol}`, detail: `${what}${order.reason ? ` — ${order.reason}` : ''}`, symbol: order.symbol });
  } else if (!previous && (order.status === 'open' || order.status === 'pending')) {
    report({ kind: 'order', severity: 'info', title: `Order placed: ${order.symbol}`, detail: `${what} (${order.source})`, symbol: order.symbol });
  } else if (order.status === 'unknown') {
    report({ kind: 'rejection', severity: 'warning', title: `Order state unknown: ${order.symbol}`, detail: `${what} — Halyard is checking with the exchange.`, symbol: order.symbol });
  }
}

export function onFill(fill: FillView, onChange: () => void) {
  useTradingStore.getState().addFill(fill);
  // The core names the exit reason of every fill that closed a position (take profit, stop…).
  const reason = fill.exitReason;
  const isExit = reason !== null && EXIT_REASONS.has(reason);
  report({
    kind: isExit ? 'stop' : 'fill',
    severity: 'success',
    title: `${isExit ? reason.replace('_', ' ') : 'Filled'}: ${fill.side.toUpperCase()} ${formatAmount(fill.amount)} ${fill.symbol}`,
    detail: `at ${fill.price} · ${fill.source === 'manual' ? 'manual order' : fill.source} · fee ${formatFillFee(fill)}`,
    symbol: fill.symbol,
    time: fill.time,
  });
  onChange();
}

/** Which alert kind a risk event belongs to (for muting); the rest are listed in the feed only. */
function riskKind(kind: string): FeedKind | null {
  if (kind === 'halted' || kind === 'rearmed') return null; // already reported from the halt state
  if (kind.startsWith('regime')) return 'regime';
  if (kind === 'breaker') return 'breaker';
  if (kind.includes('reject') || kind.includes('blocked')) return 'rejection';
  return 'risk';
}

export function onRiskEvent(event: RiskEventView) {
  if (event.repeats > 1) return; // the core collapses repeats; the first one was reported
  const kind = riskKind(event.kind);
  if (!kind) return;
  report({
    kind,
    severity: kind === 'breaker' || event.kind.includes('PANIC') || event.kind === 'strategy_stopped' ? 'error' : kind === 'rejection' ? 'warning' : 'info',
    title: `${event.kind}${event.symbol ? ` · ${event.symbol}` : ''}`,
    detail: `${event.detail}${event.strategy ? ` (${event.strategy})` : ''}`,
    ...(event.symbol ? { symbol: event.symbol } : {}),
    time: event.time,
  });
}

export function onRiskNotification({ title, body, level }: { title: string; body: string; level: 'info' | 'warning' | 'critical' }) {
  // In Electron the host process shows this one itself; in the browser the page must.
  report({ kind: 'emergency_stop', severity: level === 'critical' ? 'error' : level === 'warning' ? 'warning' : 'success', title, detail: body }, { desktop: !window.halyard });
}

let everConnected = false;
export function onHostConnection(connected: boolean) {
  if (connected && everConnected) report({ kind: 'connection', severity: 'success', title: 'Reconnected to the Halyard core', detail: 'Orders, positions and prices reloaded.' });
  if (!connected && everConnected) report({ kind: 'connection', severity: 'error', title: 'Lost the connection to the Halyard core', detail: 'Reconnecting… what you see may be stale until then.' });
  if (connected) everConnected = true;
}

