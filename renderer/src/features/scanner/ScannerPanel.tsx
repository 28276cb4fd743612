import { useMemo, useState } from 'react';
import type { SymbolProfileView } from '../../../../core/api/contract/orchestrator';
import type { ScannerRowView } from '../../../../core/api/contract/scanner';
import { api } from '../../api/client';
import { EmptyState } from '../../app/EmptyState';
import { useLiveQuery } from '../../app/useLiveQuery';
import { useMarketStore } from '../../stores/market';
import { VenueTag } from '../../app/VenueTag';
import { exchangeName } from '../../app/venue';
import { useUiStore } from '../../stores/ui';
import { Readiness } from '../strategies/Readiness';
import './scanner.css';

type SortKey = 'readiness' | 'symbol' | 'strategy';
/** The market moves a bar a minute at real speed: a few seconds between looks is plenty. */
const REFRESH_MS = 3_000;

function compare(a: ScannerRowView, b: ScannerRowView, key: SortKey): number {
  if (key === 'readiness') return (b.readiness ?? -1) - (a.readiness ?? -1) || a.symbol.localeCompare(b.symbol);
  if (key === 'symbol') return a.symbol.localeCompare(b.symbol) || (b.readiness ?? -1) - (a.readiness ?? -1);
  return a.strategy.localeCompare(b.strategy) || (b.readiness ?? -1) - (a.readiness ?? -1);
}

/**
 * Every watchlist symbol × every strategy (with its default parameters) ranked by readiness — how close
 * each is to acting — with the parts of the score, the top five right now, and a row's symbol one click
 * from the chart. The core measures readiness with engines that never place an order.
 */
export function ScannerPanel() {
  const { data, error } = useLiveQuery(() => api.call('scanner.list', {}), { events: ['market.watchlist'], refreshMs: REFRESH_MS });
  const select = useMarketStore((s) => s.select);
  // The scanner reads the chart's market: named where the watchlist also holds other exchanges' symbols.
  const chartVenue = useMarketStore((s) => (s.elsewhere.length > 0 ? (s.rows[0]?.exchange ? exchangeName(s.rows[0].exchange) : 'Simulated') : null));
  const [sort, setSort] = useState<SortKey>('readiness');
  const [strategy, setStrategy] = useState('');
  const rows = useMemo(() => (data ?? []).filter((row) => !strategy || row.strategy === strategy).sort((a, b) => compare(a, b, sort)), [data, sort, strategy]);
  const top = useMemo(() => (data ?? []).filter((row) => row.readiness !== null).sort((a, b) => compare(a, b, 'readiness')).slice(0, 5), [data]);
  const strategies = useMemo(() => [...new Set((data ?? []).map((row) => row.strategy))], [data]);
  const symbols = useMemo(() => [...new Set((data ?? []).map((row) => row.symbol))].sort(), [data]);
  // Each symbol's profile (the orchestrator's profiler): volatility, liquidity tier, trend persistence, spread.
  const { data: profileList } = useLiveQuery(() => (symbols.length > 0 ? api.call('profiles.list', { symbols }) : Promise.resolve([])), { events: ['market.watchlist'], refreshMs: 15_000, key: symbols.join(',') });
  const profiles = useMemo(() => new Map((profileList ?? []).map((profile) => [profile.symbol, profile])), [profileList]);

  if (error && !data) return <EmptyState tone="error" title="The scanner is unavailable" detail={error} />;
  if (!data) return <EmptyState title="Warming up the scanner…" detail="Every strategy reads the recent history of every watchlist symbol first; this takes a few seconds." />;

  const open = (symbol: string) => {
    select(symbol);
    useUiStore.getState().setScreen('trade');
  };
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort === key ? (key === 'readiness' ? 'descending' : 'ascending') : 'none'} className={key === 'readiness' ? 'num' : undefined}>
      <button type="button" className="th-sort" onClick={() => setSort(key)} title={`Sort by ${label.toLowerCase()}`}>
        {label}
        {sort === key ? (key === 'readiness' ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );

  return (
    <div className="table-wrap scanner">
      <section className="scanner-top" aria-label="Top 5 now">
        <h4>Top 5 now</h4>
        <ol>
          {top.map((row) => (
            <li key={`${row.strategy}:${row.symbol}`}>
              <button type="button" className="scanner-pick" onClick={() => open(row.symbol)} aria-label={`Open ${row.symbol} (${row.strategy} ${Math.round(row.readiness ?? 0)})`}>
                <b>{row.symbol}</b> <span className="muted">{row.strategy}</span> <Readiness value={row.readiness} />
              </button>
            </li>
          ))}
        </ol>
      </section>
      <div className="table-toolbar">
        <select aria-label="Filter by strategy" value={strategy} onChange={(e) => setStrategy(e.target.value)}>
          <option value="">All strategies</option>
          {strategies.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <span className="muted small">
          {rows.length} rows · default parameters · no orders are placed
        </span>
      </div>
      <table className="data-table" aria-label="Scanner">
        <thead>
          <tr>
            {header('symbol', 'Symbol')}
            {header('strategy', 'Strategy')}
            {header('readiness', 'Readiness')}
            <th scope="col">Profile</th>
            <th scope="col">Components</th>
            <th scope="col" className="sticky-actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.strategy}:${row.symbol}`} data-symbol={row.symbol} data-strategy={row.strategy}>
              <th scope="row">
                {row.symbol}
                <VenueTag name={chartVenue} />
              </th>
              <td>{row.strategy}</td>
              <td className="num" data-testid="scanner-readiness">
                <Readiness value={row.readiness} />
              </td>
              <td className="small muted scanner-profile" data-testid="scanner-profile">
                {profileText(profiles.get(row.symbol))}
              </td>
              <td className="scanner-components">
                {row.problem ? (
                  <span className="warn-text small">{row.problem}</span>
                ) : row.readiness === 100 && Object.keys(row.components).length === 0 ? (
                  <span className="up small">triggered: its entry conditions are met</span>
                ) : (
                  Object.entries(row.components).map(([name, value]) => (
                    <span key={name} className="component">
                      {name} <b>{value}</b>
                    </span>
                  ))
                )}
              </td>
              <td className="sticky-actions">
                <button type="button" className="small-btn" onClick={() => open(row.symbol)} aria-label={`Open ${row.symbol}`}>
                  Open
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A symbol's profile in one short line: "vol 2.4 % · mid · trend 0.62 · spread 3.1 bps". */
function profileText(profile: SymbolProfileView | undefined): string {
  if (!profile) return '…';
  return `vol ${profile.volatilityPct.toFixed(1)} % · ${profile.liquidityTier} · trend ${profile.trendPersistence.toFixed(2)} · spread ${profile.spreadBps.toFixed(1)} bps`;
}
