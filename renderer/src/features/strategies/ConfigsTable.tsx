import { Fragment, useState } from 'react';
import type { StrategyConfigView } from '../../../../core/api/contract/live-strategies';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { direction, formatClockOrDateTime, formatSigned, QUOTE_DECIMALS } from '../../app/format';
import { useDraftsStore } from '../../stores/drafts';
import { useStrategiesStore } from '../../stores/strategies';
import { Readiness } from './Readiness';
import { ShadowVariants } from './ShadowVariants';
import { Orchestration } from './Orchestration';
import { SignalsList } from './SignalsList';
import { StrategyEditor } from './StrategyEditor';
import { TableHead, type Column } from '../../app/TableHead';

const CONFIG_COLUMNS: readonly Column[] = [
  { label: 'Name' },
  { label: 'Strategy' },
  { label: 'On' },
  { label: 'State' },
  { label: 'Readiness' },
  { label: 'Positions', numeric: true },
  { label: 'Realized', numeric: true, title: 'After fees: its closed trades’ P&L, their entry and exit fees taken off, over everything it traded on its account (on paper since the last reset) — its row in the P&L tab’s “P&L by strategy”, all time' },
];

/**
 * A configuration's realized P&L at its quote's decimals (satoshis for ETH/BTC), naming the quote when the
 * table's rows are in more than one (a row whose markets mix quotes names them all).
 */
function realizedText(config: StrategyConfigView, nameQuote: boolean): string {
  const figure = formatSigned(config.realizedPnl, config.moneyDecimals ?? QUOTE_DECIMALS);
  if (!nameQuote && config.quote !== undefined) return figure;
  return `${figure} ${config.quote ?? [...new Set(config.symbols.map((symbol) => symbol.split('/')[1]?.split(':')[0] ?? ''))].join('+')}`;
}

/** The configured strategies: on/off, state, readiness per symbol, positions and P&L; expand for parameters and signals. */
export function ConfigsTable({ configs }: { configs: StrategyConfigView[] }) {
  // Which row is open stays so while the trader looks at another tab.
  const open = useDraftsStore((s) => s.openConfig);
  const setOpen = useDraftsStore((s) => s.setOpenConfig);
  // The switch shows the requested state while the host applies it, and snaps back if it refuses.
  const [pending, setPending] = useState<{ name: string; enabled: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const nameQuote = new Set(configs.map((config) => config.quote ?? '')).size > 1;
  const toggle = async (config: StrategyConfigView) => {
    setPending({ name: config.name, enabled: !config.enabled });
    setError(null);
    try {
      const updated = await api.call('strategies.setEnabled', { name: config.name, enabled: !config.enabled });
      const list = useStrategiesStore.getState().configs ?? [];
      useStrategiesStore.getState().setConfigs(list.map((c) => (c.name === updated.name ? updated : c)));
    } catch (reason) {
      setError(`${config.enabled ? 'Disable' : 'Enable'} ${config.name}: ${describeError(reason)}`);
    } finally {
      setPending(null);
    }
  };
  return (
    <>
      {error ? (
        <p className="form-error inline" role="alert">
          {error}
        </p>
      ) : null}
      <table className="data-table compact-table configs-table" aria-label="Configured strategies">
        <TableHead columns={CONFIG_COLUMNS} actions />
        <tbody>
          {configs.map((config) => (
            <Fragment key={config.name}>
              <tr data-config={config.name}>
                <th scope="row">
                  {config.name} <span className="muted small">v{config.version}</span>
                  {config.account !== 'paper' ? <span className="badge live" title={`Trades on live account ${config.account}`}>LIVE {config.account.slice(config.account.indexOf(':') + 1)}</span> : null}
                </th>
                <td>{config.strategy}</td>
                <td>
                  <label className="switch">
                    <input type="checkbox" role="switch" checked={pending?.name === config.name ? pending.enabled : config.enabled} disabled={pending?.name === config.name} aria-busy={pending?.name === config.name} onChange={() => void toggle(config)} aria-label={`Enable ${config.name}`} />
                    <span aria-hidden="true" />
                  </label>
                </td>
                <td className={config.state === 'halted' ? 'down' : config.stoppedSymbols && !config.state.startsWith('error') ? 'warn-text' : config.state === 'running' ? 'up' : 'muted'} data-testid="config-state" title={config.state === 'halted' ? 'HALTED: no entry, exit or protective order is sent until you re-arm' : undefined}>
                  {config.state}
                  {config.lastError && !config.state.startsWith('error') && !Object.values(config.stoppedSymbols ?? {}).includes(config.lastError.message) ? <span className="warn-text small"> · last error {formatClockOrDateTime(config.lastError.time, Date.now())}: {config.lastError.message}</span> : null}
                  {config.fileChanged ? <div className="small">its file was edited or removed since it started: switch it off and on to run the file as it is now</div> : null}
                </td>
                <td>
                  <span className="readiness-list">
                    {config.symbols.map((symbol) => (
                      <Readiness key={symbol} label={symbol.split('/')[0]} value={config.readiness[symbol] ?? null} warmup={config.warmup?.[symbol]} />
                    ))}
                  </span>
                </td>
                <td className="num">{config.openPositions}</td>
                <td className={`num ${direction(config.realizedPnl, config.moneyDecimals ?? QUOTE_DECIMALS)}`} data-testid="config-realized">
                  {realizedText(config, nameQuote)}
                </td>
                <td className="sticky-actions">
                  <span className="actions">
                    <button type="button" className="small-btn" aria-expanded={open?.name === config.name && open.view === 'signals'} onClick={() => setOpen(open?.name === config.name && open.view === 'signals' ? null : { name: config.name, view: 'signals' })}>
                      Signals
                    </button>
                    <button type="button" className="small-btn" aria-expanded={open?.name === config.name && open.view === 'edit'} onClick={() => setOpen(open?.name === config.name && open.view === 'edit' ? null : { name: config.name, view: 'edit' })}>
                      Parameters
                    </button>
                    <button type="button" className="small-btn" aria-expanded={open?.name === config.name && open.view === 'shadows'} onClick={() => setOpen(open?.name === config.name && open.view === 'shadows' ? null : { name: config.name, view: 'shadows' })}>
                      Shadows
                    </button>
                    <button type="button" className="small-btn" aria-expanded={open?.name === config.name && open.view === 'edge'} onClick={() => setOpen(open?.name === config.name && open.view === 'edge' ? null : { name: config.name, view: 'edge' })}>
                      Edge &amp; tuning
                    </button>
                  </span>
                </td>
              </tr>
              {open?.name === config.name ? (
                <tr className="detail-row">
                  <td colSpan={8}>{open.view === 'signals' ? <SignalsList name={config.name} /> : open.view === 'shadows' ? <ShadowVariants config={config} /> : open.view === 'edge' ? <Orchestration config={config} /> : <StrategyEditor config={config} onDone={() => setOpen(null)} />}</td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </>
  );
}
