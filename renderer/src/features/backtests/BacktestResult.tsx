import type { BacktestResultView } from '../../../../core/api/contract/strategies';
import { direction, formatAmount, formatDateTime, formatExposure, formatPercent, formatPrice, formatSigned, formatWinRate, QUOTE_DECIMALS } from '../../app/format';
import { RiskEventRows } from '../../app/RiskEventRows';
import { useMarketStore } from '../../stores/market';
import { download } from '../history/csv';
import { EquityChart } from './EquityChart';
import { StaleNote } from './StaleNote';

const pct = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;

/** Metrics, equity curve, trade list (exportable as CSV) and risk events of one backtest run; `stale`: the form has changed since. */
export function BacktestResult({ result, stale }: { result: BacktestResultView; stale: boolean }) {
  const m = result.metrics;
  // Prices at the market's precision when the market is in the watchlist, else a sensible default for the size of the price.
  const known = useMarketStore((s) => s.rows.find((r) => r.symbol === result.symbol)?.priceDecimals);
  const price = (value: number) => formatPrice(value, known ?? (value >= 1000 ? 2 : value >= 1 ? 4 : 6));
  // Money in the quote currency at its decimals: a BTC-quoted run's P&L and fees in satoshis, not 0.00.
  const decimals = result.moneyDecimals ?? QUOTE_DECIMALS;
  const money = (value: number) => formatPrice(value, decimals);
  const metrics: { label: string; value: string; tone?: string; testId?: string; note?: string }[] = [
    // Closed trades only: Final value also marks a position still open at the end, so the two differ by it.
    { label: 'Net profit (closed)', value: formatSigned(m.netProfit, decimals), tone: direction(m.netProfit), testId: 'bt-net-profit' },
    { label: 'Total return', value: formatPercent(m.totalReturn * 100), tone: direction(m.totalReturn), testId: 'bt-total-return' },
    { label: 'Final value', value: money(m.finalValue) },
    { label: 'Trades', value: String(m.trades), testId: 'bt-trades' },
    { label: 'Win rate', value: formatWinRate(m.winRate), testId: 'bt-win-rate' },
    { label: 'Profit factor', value: m.profitFactor === null ? '—' : m.profitFactor.toFixed(2) },
    { label: 'Max drawdown', value: pct(m.maxDrawdown), tone: m.maxDrawdown > 0 ? 'down' : undefined },
    // Too few daily returns to annualise: "—" and why, not a figure such as 40 from two days.
    { label: 'Sharpe', value: m.sharpeNote === undefined ? formatPrice(m.sharpe, 2) : '—', testId: 'bt-sharpe', ...(m.sharpeNote !== undefined ? { note: m.sharpeNote } : {}) },
    { label: 'Fees', value: money(m.fees), testId: 'bt-fees' },
    { label: 'Exposure', value: formatExposure(m.exposure), testId: 'bt-exposure' },
  ];
  return (
    <section className="backtest-result" aria-label="Backtest result">
      <header className="result-head">
        <strong>
          {result.strategy} · {result.symbol} · {result.timeframe}
        </strong>
        <span className="muted small">
          {result.bars.toLocaleString('en-US')} bars · run {result.runId}
        </span>
        <span className="spacer" />
        <button type="button" className="small-btn" disabled={result.trades.length === 0} onClick={() => download(`halyard-backtest-${result.strategy}-${result.runId}.csv`, result.tradesCsv)}>
          Export trades (CSV)
        </button>
      </header>
      <StaleNote stale={stale} rerun="Run backtest" />
      {result.noTradesReason ? (
        <p className="no-trades-reason" role="status" data-testid="bt-no-trades">
          {result.noTradesReason}
        </p>
      ) : null}
      <dl className="metrics-grid">
        {metrics.map((metric) => (
          <div key={metric.label}>
            <dt>{metric.label}</dt>
            <dd className={metric.tone} data-testid={metric.testId}>
              {metric.value}
              {metric.note ? <span className="muted small metric-note"> ({metric.note})</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      <EquityChart equity={result.equity} />
      {result.openPosition ? (
        <p className="small muted">
          Still open at the end: {formatAmount(result.openPosition.qty)} @ {price(result.openPosition.averageEntry)} since {formatDateTime(result.openPosition.openedAt)} — in Final value at the last close, not in Net profit
        </p>
      ) : null}
      <table className="data-table" aria-label="Backtest trades">
        <thead>
          <tr>
            <th scope="col">Trade</th>
            <th scope="col">Entry (UTC)</th>
            <th scope="col">Exit (UTC)</th>
            <th scope="col" className="num">Qty</th>
            <th scope="col" className="num">Entry</th>
            <th scope="col" className="num">Exit</th>
            <th scope="col" className="num">Fees</th>
            <th scope="col" className="num" title="After fees: the entry and exit fees are taken off">P&L</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {result.trades.map((t) => (
            <tr key={t.id} data-bt-trade={t.id}>
              <th scope="row" className="mono">{t.id}</th>
              <td className="mono muted">{formatDateTime(t.entryTime)}</td>
              <td className="mono muted">{formatDateTime(t.exitTime)}</td>
              <td className="num">{formatAmount(t.qty)}</td>
              <td className="num">{price(t.entryPrice)}</td>
              <td className="num">{price(t.exitPrice)}</td>
              <td className="num muted">{money(t.fees)}</td>
              <td className={`num ${direction(t.pnl)}`}>{formatSigned(t.pnl, decimals)}</td>
              <td>{t.reason.replace('_', ' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.trades.length === 0 ? <p className="muted small pad">No trades in this run.</p> : null}
      {result.riskEvents.length > 0 ? (
        <details className="risk-events-details">
          <summary>{result.riskEvents.length} risk events (regime changes, blocked entries, cooldowns)</summary>
          <table className="mini-table">
            <tbody>
              <RiskEventRows events={result.riskEvents.slice(0, 500)} />
            </tbody>
          </table>
        </details>
      ) : null}
    </section>
  );
}
