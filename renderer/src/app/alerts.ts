import type { PriceAlertView } from '../../../core/api/contract/alerts';
import type { AppStatus } from '../../../core/api/contract/app';
import { isEventName } from '../../../core/api/contract/index';
import type { RiskEventView } from '../../../core/api/contract/risk';
import type { FillView, OrderView } from '../../../core/api/contract/trading';
import { report } from '../features/alerts/notifier';
import { useEventsStore } from '../stores/events';
import { useHostStore } from '../stores/host';
import { useMarketStore } from '../stores/market';
import { useTradingStore } from '../stores/trading';
import { fillEntry, orderEntry, priceAlertEntry, riskEntry } from './feed-entries';

/** The market's price precision (2 when it is not in the watchlist). */
export function priceDecimalsOf(symbol: string): number {
  return useMarketStore.getState().rows.find((row) => row.symbol === symbol)?.priceDecimals ?? 2;
}

/*
 * The core's pushed events as the trader hears about them: each updates its store and, where it
 * matters, adds a feed entry and a desktop notification (muteable per kind, see notifier.ts).
 */

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
  const entry = orderEntry(order, previous?.status ?? null);
  if (entry) report(entry);
}

export function onFill(fill: FillView, onChange: () => void) {
  useTradingStore.getState().addFill(fill);
  // The core names the exit reason of every fill that closed a position (take profit, stop…).
  report(fillEntry(fill, fill.priceDecimals ?? priceDecimalsOf(fill.symbol)));
  onChange();
}

export function onRiskEvent(event: RiskEventView) {
  // Halts and re-arms are announced by the halt state / the stop's notification, with the cancel results.
  if (event.kind === 'halted' || event.kind === 'rearmed') {
    useEventsStore.getState().remember(`risk:${event.id}`);
    return;
  }
  if (event.repeats > 1) return; // the core collapses repeats; the first one was reported
  report(riskEntry(event));
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


/** A price alert the core fired: a feed entry (Logs/Events) and a desktop notification. */
export function onPriceAlert({ alert, text, time }: { alert: PriceAlertView; text: string; time: number }) {
  report(priceAlertEntry(alert, text, time, priceDecimalsOf(alert.symbol)));
}
