import { api } from '../api/client';
import { useEventsStore } from '../stores/events';
import { useTradingStore } from '../stores/trading';
import { priceDecimalsOf } from './alerts';
import { fillEntry, orderEntry, placedEntry, priceAlertEntry, riskEntry, type EntryDraft } from './feed-entries';

/** How far back the feed is filled on connect (the Logs/Events tab can page further back). */
const HISTORY = 500;

/**
 * Fills the Logs/Events feed from the core's stores — the risk events log (earlier runs included),
 * the journal's orders and fills — so it is not empty after a restart. Entries already listed this
 * session are not added again. Call after the trading state is loaded.
 */
export async function loadEventHistory(): Promise<void> {
  const events = await api.call('risk.events', { limit: HISTORY });
  const { fills, orders } = useTradingStore.getState();
  const drafts: EntryDraft[] = [...events.map(riskEntry), ...fills.slice(0, HISTORY).map((fill) => fillEntry(fill, fill.priceDecimals ?? priceDecimalsOf(fill.symbol)))];
  for (const order of Object.values(orders)) {
    drafts.push(placedEntry(order));
    const settled = orderEntry(order, 'open');
    if (settled) drafts.push(settled);
  }
  // Each price alert's latest firing (the core keeps when, not every message).
  const alerts = await api.call('alerts.prices.list', {}).catch(() => []);
  for (const alert of alerts) {
    if (alert.triggeredAt !== null) drafts.push(priceAlertEntry(alert, `Price alert: ${alert.symbol} ${alert.direction} ${alert.price} fired${alert.fireCount > 1 ? ` (${alert.fireCount} times)` : ''}`, alert.triggeredAt, priceDecimalsOf(alert.symbol)));
  }
  useEventsStore.getState().seed(drafts);
}

/** Risk events older than the oldest one listed (the "Load earlier events" button). */
export async function loadEarlierRiskEvents(beforeId: number): Promise<number> {
  const events = await api.call('risk.events', { limit: HISTORY, before: beforeId });
  useEventsStore.getState().seed(events.map(riskEntry));
  return events.length;
}
