import type { PriceAlertView } from '../../../core/api/contract/alerts';
import type { RiskEventView } from '../../../core/api/contract/risk';
import type { FillView, OrderView } from '../../../core/api/contract/trading';
import type { FeedEntry, FeedKind } from '../stores/events';
import { formatAmount, formatFillFee, formatPrice } from './format';
import { isLiveAccount } from './venue';

/*
 * What each kind of core event reads like in the Logs/Events feed — the same words live (alerts.ts)
 * and when the feed is filled from the core's stores after a restart (event-history.ts).
 */

export type EntryDraft = Omit<FeedEntry, 'id' | 'time'> & { time: number; key: string };

const EXIT_REASONS = new Set(['stop_loss', 'take_profit', 'trailing_stop', 'time_exit']);

export function fillEntry(fill: FillView, priceDecimals: number): EntryDraft {
  const reason = fill.exitReason;
  const isExit = reason !== null && EXIT_REASONS.has(reason);
  return {
    key: `fill:${fill.id}`,
    kind: isExit ? 'stop' : 'fill',
    severity: 'success',
    title: `${isExit ? reason.replace('_', ' ') : 'Filled'}: ${fill.side.toUpperCase()} ${formatAmount(fill.amount)} ${fill.symbol}`,
    detail: `at ${formatPrice(fill.price, priceDecimals)} · ${fill.source === 'manual' ? 'manual order' : fill.source} · fee ${formatFillFee(fill)}`,
    symbol: fill.symbol,
    time: fill.time,
  };
}

/** "BUY 0.01 BTC/USDT limit", and " on binance:main — LIVE" for a live account's order: real money is never left to guess. */
function orderWhat(order: OrderView): string {
  const where = isLiveAccount(order.account) ? ` on ${order.account} — LIVE` : '';
  return `${order.side.toUpperCase()} ${formatAmount(order.amount)} ${order.symbol} ${order.type.replace('_', '-')}${where}`;
}

/** The feed entry for an order reaching `order.status` (from `previous`, if known); null when not worth a line. */
export function orderEntry(order: OrderView, previous: OrderView['status'] | null): EntryDraft | null {
  const what = orderWhat(order);
  const base = { symbol: order.symbol, time: order.updatedAt };
  if (order.status === 'rejected') return { ...base, key: `order:${order.clientOrderId}:rejected`, kind: 'rejection', severity: 'error', title: `Order rejected: ${order.symbol}`, detail: `${what} — ${order.reason ?? 'no reason given'}` };
  if (order.status === 'canceled' || order.status === 'expired') {
    return { ...base, key: `order:${order.clientOrderId}:${order.status}`, kind: 'order', severity: 'info', title: `Order ${order.status}: ${order.symbol}`, detail: `${what}${order.reason ? ` — ${order.reason}` : ''}` };
  }
  if (order.status === 'unknown') return { ...base, key: `order:${order.clientOrderId}:unknown`, kind: 'rejection', severity: 'warning', title: `Order state unknown: ${order.symbol}`, detail: `${what} — Halyard is checking with the exchange.` };
  if (previous === null && (order.status === 'open' || order.status === 'pending')) return placedEntry(order);
  return null;
}

export function placedEntry(order: OrderView): EntryDraft {
  return { key: `order:${order.clientOrderId}:placed`, kind: 'order', severity: 'info', title: `Order placed: ${order.symbol}`, detail: `${orderWhat(order)} (${order.source})`, symbol: order.symbol, time: order.createdAt };
}

/** Which alert kind a risk event belongs to (for muting); the rest are listed under Risk. */
export function riskKind(kind: string): FeedKind {
  if (kind === 'halted' || kind === 'rearmed') return 'emergency_stop';
  if (kind.startsWith('regime')) return 'regime';
  if (kind === 'breaker') return 'breaker';
  if (kind.includes('reject') || kind.includes('blocked')) return 'rejection';
  return 'risk';
}

export function riskEntry(event: RiskEventView): EntryDraft {
  const kind = riskKind(event.kind);
  const repeats = event.repeats > 0 ? ` (×${event.repeats + 1}, last ${new Date(event.lastTime).toISOString().slice(11, 19)} UTC)` : '';
  const title = event.kind === 'halted' ? 'Emergency stop — trading HALTED' : event.kind === 'rearmed' ? 'Re-armed' : `${event.kind}${event.symbol ? ` · ${event.symbol}` : ''}`;
  return {
    key: `risk:${event.id}`,
    kind,
    severity: kind === 'breaker' || kind === 'emergency_stop' || event.kind.includes('PANIC') || event.kind === 'strategy_stopped' ? 'error' : kind === 'rejection' ? 'warning' : 'info',
    title,
    detail: `${event.detail}${event.strategy ? ` (${event.strategy})` : ''}${repeats}`,
    ...(event.symbol ? { symbol: event.symbol } : {}),
    time: event.time,
  };
}

/** A price alert's latest firing (live, or from the alerts list after a restart). */
export function priceAlertEntry(alert: PriceAlertView, text: string, time: number, priceDecimals: number): EntryDraft {
  return {
    key: `price-alert:${alert.id}:${alert.fireCount}`,
    kind: 'price_alert',
    severity: 'warning',
    title: `Price alert: ${alert.symbol} ${alert.direction} ${formatPrice(alert.price, priceDecimals)}`,
    detail: text,
    symbol: alert.symbol,
    time,
  };
}
