import { useState } from 'react';
import type { PnlPeriodsView, PnlSummaryView } from '../../../../core/api/contract/pnl';
import { EmptyState } from '../../app/EmptyState';
import { formatDateTime, formatPrice } from '../../app/format';
import { TableHead } from '../../app/TableHead';
import { FIGURE_COLUMNS, FigureCells } from './PnlFigures';
import { PnlEquityChart } from './PnlEquityChart';
import { usePnlSummary } from './usePnlSummary';
import { useHostStore } from '../../stores/host';

type Period = keyof PnlPeriodsView;
const PERIODS: readonly { readonly id: Period; readonly label: string }[] = [
  { id: 'today', label: 'Today' },
  { id: 'week', label: '7 days' },
  { id: 'all', label: 'All time' },
];

function Breakdown({ title, first, rows, period, decimals }: { title: string; first: string; rows: { key: string; name: string; periods: PnlPeriodsView }[]; period: Period; decimals: number | undefined }) {
  return (
    <table className="data-table" aria-label={title}>
      <TableHead columns={[{ label: first }, ...FIGURE_COLUMNS]} />
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-row={row.key}>
            <th scope="row">{row.name}</th>
            <FigureCells figures={row.periods[period]} decimals={decimals} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Summary({ summary }: { summary: PnlSummaryView }) {
  const [period, setPeriod] = useState<Period>('all');
  const starts: Record<Period, string> = {
    today: `since ${formatDateTime(summary.periodStarts.today)} UTC`,
    week: `since ${formatDateTime(summary.periodStarts.week)} UTC`,
    all: 'since the paper account opened',
  };
  return (
    <div className="pnl-panel">
      <div className="pnl-tables">
        <table className="data-table" aria-label="P&L by period">
          <TableHead columns={[{ label: `Period (${summary.quote})` }, ...FIGURE_COLUMNS]} />
          <tbody>
            {PERIODS.map(({ id, label }) => (
              <tr key={id} data-period={id} title={starts[id]}>
                <th scope="row">{label}</th>
                <FigureCells figures={summary.periods[id]} decimals={summary.moneyDecimals} />
              </tr>
            ))}
          </tbody>
        </table>
        {summary.unpriced.length > 0 ? <p className="muted inline">No price yet for {summary.unpriced.join(', ')}: its open P&L is not counted until one arrives.</p> : null}
        <div className="pnl-breakdown-bar">
          <span className="muted">Breakdown</span>
          <div className="segmented" role="group" aria-label="Breakdown period">
            {PERIODS.map(({ id, label }) => (
              <button key={id} type="button" aria-pressed={period === id} onClick={() => setPeriod(id)}>
                {label}
              </button>
            ))}
          </div>
        </div>
        <Breakdown title="P&L by strategy" first="Strategy" period={period} decimals={summary.moneyDecimals} rows={summary.bySource.map((s) => ({ key: s.source, name: s.source, periods: s.periods }))} />
        <Breakdown title="P&L by symbol" first="Symbol" period={period} decimals={summary.moneyDecimals} rows={summary.bySymbol.map((s) => ({ key: s.symbol, name: s.symbol, periods: s.periods }))} />
      </div>
      <figure className="pnl-equity-figure" aria-label="Equity curve">
        <PnlEquityChart equity={summary.equity} startingBalance={summary.startingBalance} />
        <figcaption className="muted">
          Equity: {formatPrice(summary.startingBalance, 2)} {summary.quote} start + realized P&L after fees at each exit; the last point adds open positions at the mark.
        </figcaption>
      </figure>
    </div>
  );
}

/** While live accounts are armed: this tab is the paper account's, and where each live account's P&L is read. */
function PaperOnlyNote({ live }: { live: readonly string[] }) {
  return (
    <p className="muted inline" data-testid="pnl-scope">
      This tab counts the Paper account only. {live.join(', ')} (LIVE): {live.length === 1 ? 'its' : 'their'} open and realized P&L are in Positions, {live.length === 1 ? 'its' : 'their'} day’s P&L in Risk → Daily loss breaker.
    </p>
  );
}

/** Realized and unrealized P&L of the paper account by period, strategy and symbol, with its equity curve. */
export function PnlPanel() {
  const { summary, error } = usePnlSummary();
  const liveKey = useHostStore((s) => (s.status?.liveAccounts ?? []).map((a) => a.account).join('\u0000'));
  const live = liveKey === '' ? [] : liveKey.split('\u0000');
  if (!summary) {
    return error ? <EmptyState tone="error" title="P&L is unavailable" detail={error} /> : <EmptyState title="Loading P&L…" />;
  }
  return (
    <div className="table-wrap">
      {error ? <p role="alert" className="form-error inline">P&L could not be refreshed: {error}</p> : null}
      {live.length > 0 ? <PaperOnlyNote live={live} /> : null}
      {summary.bySource.length === 0 ? (
        // With a live account armed, "No trades yet" would read as if its fills were lost.
        <EmptyState
          title={live.length > 0 ? 'No Paper trades yet' : 'No trades yet — place an order from the ticket or enable a strategy'}
          detail="Realized and unrealized P&L, fees and the equity curve appear here after the first fill."
        />
      ) : (
        <Summary summary={summary} />
      )}
    </div>
  );
}
