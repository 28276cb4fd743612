import { useEffect } from 'react';
import { isCommandName } from '../../../core/api/contract/index';
import { api } from '../api/client';
import { describeError } from '../api/errors';
import { report } from '../features/alerts/notifier';
import { useEventsStore } from '../stores/events';
import { loadEventHistory } from './event-history';
import { onFill, onHostConnection, onOrder, onPriceAlert, onRiskEvent, onRiskNotification, onStatus } from './alerts';
import { useBacktestStore } from '../stores/backtest';
import { useSweepStore } from '../features/backtests/sweep-store';
import { useHostStore } from '../stores/host';
import { syncViewStateWithCore } from '../stores/persisted';
import { useMarketStore } from '../stores/market';
import { useStrategiesStore } from '../stores/strategies';
import { useTradingStore } from '../stores/trading';

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

/** Loads everything the workspace shows and keeps it current from the core's pushed events. */
export function useHostSubscriptions() {
  const connected = useHostStore((s) => s.connected);
  useEffect(() => onHostConnection(connected), [connected]);
  useEffect(() => void syncViewStateWithCore(), []);
  useEffect(() => {
    const offs = [
      api.on('app.status', onStatus),
      api.on('market.watchlist', ({ rows }) => useMarketStore.getState().setRows(rows)),
      api.on('orders.updated', ({ order }) => onOrder(order, () => void refreshBalances())),
      api.on('fills.new', ({ fill }) => onFill(fill, () => void refreshBalances())),
      api.on('positions.updated', ({ positions }) => useTradingStore.getState().setPositions(positions)),
      api.on('market.candles', ({ updates }) => {
        useMarketStore.getState().advanceClock(Math.max(...updates.map((u) => u.candle.time)));
        onCandlesForPositions(new Set(updates.map((u) => u.symbol)));
      }),
      api.on('risk.event', onRiskEvent),
      api.on('strategies.updated', ({ configs }) => useStrategiesStore.getState().setConfigs(configs)),
      api.on('strategies.levels', ({ symbol, levels }) => useStrategiesStore.getState().setLevels(symbol, levels)),
      api.on('backtest.progress', ({ runId, done, total }) => useBacktestStore.getState().progress(runId, done, total)),
      api.on('backtest.sweepProgress', ({ runId, done, total, etaMs }) => useSweepStore.getState().progress(runId, done, total, etaMs)),
      api.on('risk.notification', onRiskNotification),
      api.on('alerts.priceFired', onPriceAlert),
      api.on('risk.reconciled', (report) => {
        if (report.differences.length === 0) return;
        useEventsStore.getState().push({
          kind: 'risk',
          severity: 'warning',
          title: `Reconciliation (${report.trigger}): ${report.differences.length === 1 ? '1 difference' : `${report.differences.length} differences`} with the exchange`,
          detail: 'Review them in the Risk tab: adopt, ignore or cancel each.',
        });
      }),
    ];
    return () => offs.forEach((off) => off());
  }, []);
  useEffect(() => {
    if (!connected) return;
    void api.call('app.status', {}).then(onStatus);
    void api.call('market.watchlist', {}).then((rows) => {
      const market = useMarketStore.getState();
      market.setRows(rows);
      // Only the chart's market can be charted (other exchanges' rows are watched only).
      const chart = useMarketStore.getState().rows;
      if (chart.length > 0 && !chart.some((row) => row.symbol === market.selectedSymbol)) market.select(chart[0]!.symbol);
    });
    void loadTrading().then(() => (isCommandName('risk.events') ? loadEventHistory() : undefined)).catch((reason: unknown) => report({ kind: 'info', severity: 'warning', title: 'Earlier events could not be loaded', detail: describeError(reason) }));
    if (isCommandName('strategies.configs')) {
      api
        .call('strategies.configs', {})
        .then((configs) => useStrategiesStore.getState().setConfigs(configs))
        .catch((reason: unknown) => report({ kind: 'info', severity: 'warning', title: 'Strategies could not be loaded', detail: describeError(reason) }));
    }
  }, [connected]);
}
