import { useState } from 'react';
import { isCommandName } from '../../../../core/api/contract/index';
import { EmptyState } from '../../app/EmptyState';
import { useBacktestStore } from '../../stores/backtest';
import { useDraftsStore } from '../../stores/drafts';
import { useStrategiesStore } from '../../stores/strategies';
import { Catalogue } from './Catalogue';
import { Budgets } from './Budgets';
import { ConfigsTable } from './ConfigsTable';
import { StrategyEditor } from './StrategyEditor';
import { useStrategies } from './useStrategies';

/**
 * The Strategies tab: what runs (enabled state, readiness per symbol, positions, P&L, last signals,
 * parameters, edge and tuning), each account's budgets, and the catalogue of strategies to configure or backtest.
 */
function StrategiesWorkbench() {
  const { error, reload } = useStrategies();
  const strategies = useBacktestStore((s) => s.strategies);
  const configs = useStrategiesStore((s) => s.configs);
  const live = isCommandName('strategies.configs');
  const creating = useDraftsStore((s) => s.creating);
  const setCreating = useDraftsStore((s) => s.setCreating);
  // The open new-configuration form is for the strategy last asked for: another pick starts its own form.
  const [picks, setPicks] = useState(0);
  const configure = (name: string) => {
    const open = useDraftsStore.getState().editors.new;
    if (open !== undefined && open.strategy !== name) {
      useDraftsStore.getState().dropEditor('new');
      setPicks((n) => n + 1);
    }
    setCreating(name);
  };
  if (error) return <EmptyState tone="error" title="Strategies could not be listed" detail={error} />;
  if (!strategies) return <EmptyState title="Loading strategies…" />;
  return (
    <div className="strategies">
      <div className="table-toolbar">
        <strong>Running</strong>
        <span className="muted small">{live ? `${configs?.filter((c) => c.enabled).length ?? 0} enabled of ${configs?.length ?? 0} configured` : 'live runs are not exposed by this build'}</span>
        <span className="spacer" />
        {live ? (
          <button type="button" className="small-btn primary" onClick={() => setCreating(strategies[0]?.name ?? '')}>
            New strategy…
          </button>
        ) : null}
        <button type="button" className="small-btn" onClick={reload}>
          Reload files
        </button>
      </div>
      {creating !== null ? <StrategyEditor key={picks} initialStrategy={creating} onDone={() => setCreating(null)} /> : null}
      {live && configs && configs.length > 0 ? <ConfigsTable configs={configs} /> : null}
      {live && configs && configs.length > 0 && isCommandName('allocation.get') ? <Budgets configs={configs} /> : null}
      {live && configs && configs.length === 0 && creating === null ? (
        <EmptyState title="No strategy is configured" detail="Pick one below and choose Run live… to trade it on paper, or Backtest… to see how it would have done." />
      ) : null}
      <div className="table-toolbar">
        <strong>Available</strong>
        <span className="muted small">
          {strategies.length} strategies · your own go in <code>&lt;data dir&gt;/strategies/</code> (same interface as the built-ins; see the README)
        </span>
      </div>
      <Catalogue {...(live ? { onConfigure: configure } : {})} />
    </div>
  );
}

export function StrategiesPanel() {
  if (!isCommandName('strategies.list')) {
    return <EmptyState title="The strategy engine is not connected in this build" detail="Manual trading from the order ticket works now; strategies appear here once the core exposes them." />;
  }
  return <StrategiesWorkbench />;
}
