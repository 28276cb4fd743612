import { lazy, Suspense, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { OpenOrders } from '../features/orders/OpenOrders';
import { PositionsTable } from '../features/positions/PositionsTable';
import { useEventsStore } from '../stores/events';
import { TAB_LABELS, useLayoutStore, WORKSPACE_TABS, type WorkspaceTab } from '../stores/layout';
import { openOrders, useTradingStore } from '../stores/trading';
import { PanelBoundary } from './PanelBoundary';
import { useDropdown } from './useDropdown';

// The tabs a trader opens now and then load when first shown: the code the workspace needs to draw the
// chart at start-up stays small (parsed and compiled before the chart's history can be asked for).
const TradeHistory = lazy(() => import('../features/history/TradeHistory').then((m) => ({ default: m.TradeHistory })));
const PnlPanel = lazy(() => import('../features/pnl/PnlPanel').then((m) => ({ default: m.PnlPanel })));
const StrategiesPanel = lazy(() => import('../features/strategies/StrategiesPanel').then((m) => ({ default: m.StrategiesPanel })));
const RiskPanel = lazy(() => import('../features/risk/RiskPanel').then((m) => ({ default: m.RiskPanel })));
const BacktestsPanel = lazy(() => import('../features/backtests/BacktestsPanel').then((m) => ({ default: m.BacktestsPanel })));
const EventsFeed = lazy(() => import('../features/events/EventsFeed').then((m) => ({ default: m.EventsFeed })));
const ScannerPanel = lazy(() => import('../features/scanner/ScannerPanel').then((m) => ({ default: m.ScannerPanel })));

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

/** Room kept for the "More" button when some tabs do not fit. */
const MORE_WIDTH = 76;

/**
 * Which tabs fit in `room` pixels, in order, the active one always among them; the rest go into "More".
 * `widths` are the tabs' own widths as drawn.
 */
export function tabsThatFit(widths: readonly number[], room: number, active: number): number[] {
  const total = widths.reduce((sum, w) => sum + w, 0);
  if (total <= room) return widths.map((_, i) => i);
  const shown: number[] = [];
  let used = widths[active] ?? 0;
  for (let i = 0; i < widths.length; i++) {
    if (i === active) continue;
    if (used + widths[i]! > room - MORE_WIDTH) break;
    used += widths[i]!;
    shown.push(i);
  }
  return [...shown, active].sort((a, b) => a - b);
}

function Label({ id, count }: { id: WorkspaceTab; count: number | undefined }) {
  return (
    <>
      {TAB_LABELS[id]}
      {count ? <span className="count">{count}</span> : null}
    </>
  );
}

/**
 * The bottom dock: Positions, Open Orders, … (WAI-ARIA tabs; Alt+1…9 switch from anywhere). Tabs that
 * do not fit the dock's width collapse into a "More" menu rather than being cut off; the active tab is
 * always shown.
 */
export function WorkspaceTabs() {
  const tab = useLayoutStore((s) => s.tab);
  const setTab = useLayoutStore((s) => s.setTab);
  const positions = useTradingStore((s) => s.positions.length);
  const orders = useTradingStore((s) => s.orders);
  const unseen = useEventsStore((s) => s.unseen);
  const openCount = useMemo(() => openOrders(orders).length, [orders]);
  const counts: Partial<Record<WorkspaceTab, number>> = { positions, orders: openCount, events: tab === 'events' ? 0 : unseen };
  const bar = useRef<HTMLDivElement>(null);
  const measure = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState<readonly number[]>(WORKSPACE_TABS.map((_, i) => i));
  const more = useDropdown<HTMLDivElement>();
  const active = WORKSPACE_TABS.indexOf(tab);
  const countKey = `${positions}|${openCount}|${counts.events}`;

  useLayoutEffect(() => {
    const element = bar.current;
    const ruler = measure.current;
    if (!element || !ruler) return;
    const fit = () => {
      const widths = Array.from(ruler.children, (child) => child.getBoundingClientRect().width + 2);
      const next = tabsThatFit(widths, element.clientWidth - 12, active);
      setShown((current) => (current.length === next.length && current.every((v, i) => v === next[i]) ? current : next));
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(element);
    return () => observer.disconnect();
  }, [active, countKey]);

  const hidden = WORKSPACE_TABS.filter((_, i) => !shown.includes(i));
  const onKeyDown = (event: KeyboardEvent) => {
    const next = event.key === 'ArrowRight' ? active + 1 : event.key === 'ArrowLeft' ? active - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const target = WORKSPACE_TABS[(next + WORKSPACE_TABS.length) % WORKSPACE_TABS.length]!;
    setTab(target);
    requestAnimationFrame(() => document.getElementById(`tab-${target}`)?.focus());
  };

  return (
    <section className="dock panel" aria-label="Trading panels">
      <div className="tabs-bar" ref={bar}>
        <div className="tabs" role="tablist" aria-label="Workspace tabs" onKeyDown={onKeyDown}>
          {WORKSPACE_TABS.map((id, index) =>
            shown.includes(index) ? (
              <button key={id} id={`tab-${id}`} type="button" role="tab" aria-selected={tab === id} aria-controls={`tabpanel-${id}`} tabIndex={tab === id ? 0 : -1} onClick={() => setTab(id)}>
                <Label id={id} count={counts[id]} />
              </button>
            ) : null,
          )}
        </div>
        {hidden.length > 0 ? (
          <div className="menu-anchor tabs-more" ref={more.anchor}>
            <button type="button" className="ghost small-btn" aria-haspopup="true" aria-expanded={more.open} onClick={() => more.setOpen(!more.open)} aria-label={`More tabs: ${hidden.map((id) => TAB_LABELS[id]).join(', ')}`}>
              More ▾
            </button>
            {more.open ? (
              <div className="menu menu-right" role="group" aria-label="More tabs">
                {hidden.map((id) => (
                  <button
                    key={id}
                    type="button"
                    className="menu-item"
                    onClick={() => {
                      more.setOpen(false);
                      setTab(id);
                    }}
                  >
                    <Label id={id} count={counts[id]} />
                  </button>
                ))}
              </div>
            ) : null}
          </div>
        ) : null}
        <div className="tabs tabs-ruler" ref={measure} aria-hidden="true">
          {WORKSPACE_TABS.map((id) => (
            <span key={id} className="tab-ruler">
              <Label id={id} count={counts[id]} />
            </span>
          ))}
        </div>
      </div>
      <div className="tab-panel" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        <PanelBoundary what={`The ${TAB_LABELS[tab]} tab`} resetKey={tab}>
          <Suspense fallback={<p className="muted pad">Loading…</p>}>{PANELS[tab]()}</Suspense>
        </PanelBoundary>
      </div>
    </section>
  );
}
