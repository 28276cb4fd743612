import { useEffect } from 'react';
import type { AppStatus } from '../../../core/api/contract/app';
import { isCommandName, isEventName } from '../../../core/api/contract/index';
import type { RiskEventView } from '../../../core/api/contract/risk';
import type { FillView, OrderView } from '../../../core/api/contract/trading';
import type { FeedKind } from '../stores/events';
import { api } from '../api/client';
import { describeError } from '../api/errors';
import { report } from '../features/alerts/notifier';
import { formatAmount } from './format';
import { useBacktestStore } from '../stores/backtest';
import { useHostStore } from '../stores/host';
import { useMarketStore } from '../stores/market';
import { useStrategiesStore } from '../stores/strategies';
import { useTradingStore } from '../stores/trading';

const EXIT_REASONS = new Set(['stop_loss', 'take_profit', 'trailing_stop', 'time_exit']);

function reportHaltChange(previous: AppStatus, next: AppStatus) {
  if (!previous.halt.halted && next.halt.halted) {
    report({ kind: 'emergency_stop', severity: 'error', title: 'Emergency stop — trading HALTED', detail: `${next.halt.reason ?? 'Stopped'} (by ${next.halt.source ?? 'unknown'})` });
  } else if (previous.halt.halted && !next.halt.halted) {
    report({ kind: 'emergency_stop', severity: 'success', title: 'Re-armed', detail: 'Trading resumed: strategies and the order ticket may send orders again.' });
  }
}

function onStatus(next: AppStatus) {
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

function onOrder(order: OrderView) {
  const previous = useTradingStore.getState().orders[order.clientOrderId];
  useTradingStore.getState().upsertOrder(order);
  void refreshBalances(); // reservations change with every order state
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

function onFill(fill: FillView) {
  useTradingStore.getState().addFill(fill);
  const reason = useTradingStore.getState().orders[fill.clientOrderId]?.reason ?? null;
  const isExit = reason !== null && EXIT_REASONS.has(reason);
  report({
    kind: isExit ? 'stop' : 'fill',
    severity: 'success',
    title: `${isExit ? reason.replace('_', ' ') : 'Filled'}: ${fill.side.toUpperCase()} ${formatAmount(fill.amount)} ${fill.symbol}`,
    detail: `at ${fill.price} · ${fill.source === 'manual' ? 'manual order' : fill.source} · fee ${formatAmount(fill.fee)} ${fill.feeCurrency}`,
    symbol: fill.symbol,
    time: fill.time,
  });
  void refreshBalances();
}

/**
 * Marks and unrealized P&L move with every price; the core reports positions on fills, so while
 * positions are open the list is re-read (at most once a second) when their markets tick.
 */
let positionsTimer: ReturnType<typeof setTimeout> | null = null;
function onCandlesForPositions(symbols: ReadonlySet<string>) {
  if (positionsTimer || !useTradingStore.getState().positions.some((p) => symbols.has(p.symbol))) return;
  positionsTimer = setTimeout(() => {
    api
      .call('positions.list', {})
      .then((positions) => useTradingStore.getState().setPositions(positions))
      .catch(() => undefined) // the next tick tries again; a lost host is shown by the status bar
      .finally(() => {
        positionsTimer = null;
      });
  }, 1_000);
}

let balancesInFlight: Promise<void> | null = null;
let balancesDirty = false;
/** One balances request at a time; a burst of order events costs at most one more. */
async function refreshBalances(): Promise<void> {
  if (balancesInFlight) {
    balancesDirty = true;
    return balancesInFlight;
  }
  balancesInFlight = (async () => {
    do {
      balancesDirty = false;
      try {
        useTradingStore.getState().setBalances(await api.call('balances.list', {}));
      } catch {
        // Shown on the next successful refresh; a failed load is reported by loadTrading.
      }
    } while (balancesDirty);
  })();
  await balancesInFlight;
  balancesInFlight = null;
}

async function loadTrading() {
  const store = useTradingStore.getState();
  if (!isCommandName('orders.list')) {
    store.setLoaded('This build of the core has no trading service yet: orders, positions and fills cannot be shown.');
    return;
  }
  try {
    const [open, all, fills, positions, balances] = await Promise.all([
      api.call('orders.list', { status: 'open' }),
      api.call('orders.list', { status: 'all' }),
      api.call('fills.list', { limit: 5_000 }),
      api.call('positions.list', {}),
      api.call('balances.list', {}),
    ]);
    store.setOrders([...all, ...open]);
    store.setFills(fills);
    store.setPositions(positions);
    store.setBalances(balances);
    store.setLoaded(null);
  } catch (reason) {
    store.setLoaded(describeError(reason));
  }
}

/** Which alert kind a risk event belongs to (for muting); the rest are listed in the feed only. */
function riskKind(kind: string): FeedKind | null {
  if (kind === 'halted' || kind === 'rearmed') return null; // already reported from the halt state
  if (kind.startsWith('regime')) return 'regime';
  if (kind === 'breaker') return 'breaker';
  if (kind.includes('reject') || kind.includes('blocked')) return 'rejection';
  return 'risk';
}

function onRiskEvent(event: RiskEventView) {
  if (event.repeats > 1) return; // the core collapses repeats; the first one was reported
  const kind = riskKind(event.kind);
  if (!kind) return;
  report({
    kind,
    severity: kind === 'breaker' || event.kind.includes('PANIC') ? 'error' : kind === 'rejection' ? 'warning' : 'info',
    title: `${event.kind}${event.symbol ? ` · ${event.symbol}` : ''}`,
    detail: `${event.detail}${event.strategy ? ` (${event.strategy})` : ''}`,
    ...(event.symbol ? { symbol: event.symbol } : {}),
    time: event.time,
  });
}

function onRiskNotification({ title, body, level }: { title: string; body: string; level: 'info' | 'warning' | 'critical' }) {
  // In Electron the host process shows this one itself; in the browser the page must.
  report({ kind: 'emergency_stop', severity: level === 'critical' ? 'error' : level === 'warning' ? 'warning' : 'success', title, detail: body }, { desktop: !window.halyard });
}

let everConnected = false;
function onHostConnection(connected: boolean) {
  if (connected && everConnected) report({ kind: 'connection', severity: 'success', title: 'Reconnected to the Halyard core', detail: 'Orders, positions and prices reloaded.' });
  if (!connected && everConnected) report({ kind: 'connection', severity: 'error', title: 'Lost the connection to the Halyard core', detail: 'Reconnecting… what you see may be stale until then.' });
  if (connected) everConnected = true;
}

/** Loads everything the workspace shows and keeps it current from the core's pushed events. */
export function useHostSubscriptions() {
  const connected = useHostStore((s) => s.connected);
  useEffect(() => onHostConnection(connected), [connected]);
  useEffect(() => {
    const offs = [
      api.on('app.status', onStatus),
      api.on('market.watchlist', ({ rows }) => useMarketStore.getState().setRows(rows)),
      api.on('orders.updated', ({ order }) => onOrder(order)),
      api.on('fills.new', ({ fill }) => onFill(fill)),
      api.on('positions.updated', ({ positions }) => useTradingStore.getState().setPositions(positions)),
      api.on('market.candles', ({ updates }) => {
        useMarketStore.getState().advanceClock(Math.max(...updates.map((u) => u.candle.time)));
        onCandlesForPositions(new Set(updates.map((u) => u.symbol)));
      }),
      api.on('risk.event', onRiskEvent),
      api.on('strategies.updated', ({ configs }) => useStrategiesStore.getState().setConfigs(configs)),
      api.on('backtest.progress', ({ runId, done, total }) => useBacktestStore.getState().progress(runId, done, total)),
      api.on('risk.notification', onRiskNotification),
    ];
    return () => offs.forEach((off) => off());
  }, []);
  useEffect(() => {
    if (!connected) return;
    void api.call('app.status', {}).then(onStatus);
    void api.call('market.watchlist', {}).then((rows) => {
      const market = useMarketStore.getState();
      market.setRows(rows);
      if (rows.length > 0 && !rows.some((row) => row.symbol === market.selectedSymbol)) market.select(rows[0]!.symbol);
    });
    void loadTrading();
    if (isCommandName('strategies.configs')) {
      api
        .call('strategies.configs', {})
        .then((configs) => useStrategiesStore.getState().setConfigs(configs))
        .catch((reason: unknown) => report({ kind: 'info', severity: 'warning', title: 'Strategies could not be loaded', detail: describeError(reason) }));
    }
  }, [connected]);
}
