import type { CSSProperties } from 'react';
import { Chart } from '../features/chart/Chart';
import { MarketPanel } from '../features/depth/MarketPanel';
import { AccountBalances } from '../features/ticket/AccountBalances';
import { OrderTicket } from '../features/ticket/OrderTicket';
import { ModifyHost } from '../features/orders/ModifyOrder';
import { Watchlist } from '../features/watchlist/Watchlist';
import { useLayoutStore } from '../stores/layout';
import { Splitter } from './layout/Splitter';
import { WorkspaceTabs } from './WorkspaceTabs';
import { useChartShown } from './chart-first';

/**
 * The trading screen: watchlist | chart over the tab dock | order ticket. Every divider can be
 * dragged (or moved with the arrow keys); sizes are remembered between runs. At start-up the panels
 * around the chart join once it has drawn its history (chart-first.ts); their grid cells are there before.
 */
export function Workspace() {
  const sizes = useLayoutStore((s) => s.sizes);
  const around = useChartShown();
  const style = { '--left': `${sizes.left}px`, '--right': `${sizes.right}px`, '--bottom': `${sizes.bottom}px` } as CSSProperties;
  return (
    <main className="workspace" style={style}>
      <div className="left-rail">
        {around ? (
          <>
            <Watchlist />
            <MarketPanel />
          </>
        ) : null}
      </div>
      <Splitter panel="left" orientation="vertical" grow={1} label="Resize watchlist" />
      <div className="centre">
        <Chart />
        <Splitter panel="bottom" orientation="horizontal" grow={-1} label="Resize trading panels" />
        {around ? <WorkspaceTabs /> : <div />}
      </div>
      <Splitter panel="right" orientation="vertical" grow={-1} label="Resize order ticket" />
      <aside className="right-rail">
        {around ? (
          <>
            <OrderTicket />
            <AccountBalances />
          </>
        ) : null}
      </aside>
      {/* Modifying an order (from Open Orders or a dragged chart line): its dialog and its answer. */}
      {around ? <ModifyHost /> : null}
    </main>
  );
}
