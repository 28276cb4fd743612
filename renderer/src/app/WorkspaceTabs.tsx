import { useMemo, type KeyboardEvent, type ReactNode } from 'react';
import { BacktestsPanel } from '../features/backtests/BacktestsPanel';
import { EventsFeed } from '../features/events/EventsFeed';
import { TradeHistory } from '../features/history/TradeHistory';
import { OpenOrders } from '../features/orders/OpenOrders';
import { PnlPanel } from '../features/pnl/PnlPanel';
import { PositionsTable } from '../features/positions/PositionsTable';
import { RiskPanel } from '../features/risk/RiskPanel';
import { StrategiesPanel } from '../features/strategies/StrategiesPanel';
import { ScannerPanel } from '../features/scanner/ScannerPanel';
import { useEventsStore } from '../stores/events';
import { TAB_LABELS, useLayoutStore, WORKSPACE_TABS, type WorkspaceTab } from '../stores/layout';
import { openOrders, useTradingStore } from '../stores/trading';

const PANELS: Record<WorkspaceTab, () => ReactNode> = {
  positions: () => <PositionsTable />,
  orders: () => <OpenOrders />,
  history: () => <TradeHistory />,
  pnl: () => <PnlPanel />,
  strategies: () => <StrategiesPanel />,
  risk: () => <RiskPanel />,
  backtests: () => <BacktestsPanel />,
  events: () => <EventsFeed />,
  scanner: () => <ScannerPanel />,
};

/** The bottom dock: Positions, Open Orders, … (WAI-ARIA tabs; Alt+1…9 switch from anywhere). */
export function WorkspaceTabs() {
  const tab = useLayoutStore((s) => s.tab);
  const setTab = useLayoutStore((s) => s.setTab);
  const positions = useTradingStore((s) => s.positions.length);
  const orders = useTradingStore((s) => s.orders);
  const unseen = useEventsStore((s) => s.unseen);
  const openCount = useMemo(() => openOrders(orders).length, [orders]);
  const counts: Partial<Record<WorkspaceTab, number>> = { positions, orders: openCount, events: tab === 'events' ? 0 : unseen };

  const onKeyDown = (event: KeyboardEvent) => {
    const index = WORKSPACE_TABS.indexOf(tab);
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const target = WORKSPACE_TABS[(next + WORKSPACE_TABS.length) % WORKSPACE_TABS.length]!;
    setTab(target);
    document.getElementById(`tab-${target}`)?.focus();
  };

  return (
    <section className="dock panel" aria-label="Trading panels">
      <div className="tabs" role="tablist" aria-label="Workspace tabs" onKeyDown={onKeyDown}>
        {WORKSPACE_TABS.map((id) => (
          <button
            key={id}
            id={`tab-${id}`}
            type="button"
            role="tab"
            aria-selected={tab === id}
            aria-controls={`tabpanel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => setTab(id)}
          >
            {TAB_LABELS[id]}
            {counts[id] ? <span className="count">{counts[id]}</span> : null}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {PANELS[tab]()}
      </div>
    </section>
  );
}
