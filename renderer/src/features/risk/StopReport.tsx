import { useEffect, useState } from 'react';
import type { FlattenReport, StopReport as StopReportView } from '../../../../core/api/contract/risk';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { formatAmount, formatDateTime, formatPrice } from '../../app/format';
import { useHostStore } from '../../stores/host';
import { useMarketStore } from '../../stores/market';
import { EarlierStop } from './EarlierStop';

const OUTCOME: Record<StopReportView['orders'][number]['outcome'], { label: string; tone: string }> = {
  canceled: { label: 'cancelled', tone: 'up' },
  already_filled: { label: 'already filled', tone: 'muted' },
  already_closed: { label: 'already closed', tone: 'muted' },
  failed: { label: 'FAILED', tone: 'down' },
  kept: { label: 'kept (protective stop)', tone: 'muted' },
};

/**
 * The last emergency stop, order by order (cancelled / already filled / failed — with retry),
 * and the separate, confirmed "flatten" that closes the bot's positions at market.
 */
export function StopReport() {
  const [report, setReport] = useState<StopReportView | null>(null);
  const [flatten, setFlatten] = useState<FlattenReport | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.call('risk.lastStop', {}).then(setReport).catch((reason: unknown) => setError(describeError(reason)));
    return api.on('risk.stop', setReport);
  }, []);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (reason) {
      setError(describeError(reason));
    } finally {
      setBusy(false);
    }
  };
  const retry = () => run(async () => setReport(await api.call('risk.retryStop', {})));
  const doFlatten = () =>
    run(async () => {
      setFlatten(await api.call('risk.flatten', { confirm: true }));
      setConfirming(false);
    });

  const rows = useMarketStore((s) => s.rows);
  // Halted with no report from this run: the stop was pressed before a restart.
  const halt = useHostStore((s) => s.status?.halt);
  const decimalsOf = (symbol: string) => rows.find((r) => r.symbol === symbol)?.priceDecimals ?? 2;
  const failed = report?.orders.filter((o) => o.outcome === 'failed').length ?? 0;
  const shownFlatten = flatten ?? report?.flatten ?? null;
  return (
    <section className="risk-section" aria-label="Emergency stop report">
      <h4>Last emergency stop</h4>
      {!report ? (
        halt?.halted ? (
          <EarlierStop since={halt.since} />
        ) : (
          <p className="muted small">No emergency stop yet.</p>
        )
      ) : (
        <>
          <p className="small">
            {formatDateTime(report.haltedAt)} UTC by <b>{report.source}</b> — {report.reason}. {report.orders.length} order{report.orders.length === 1 ? '' : 's'} handled,{' '}
            <b className={report.remainingOpen === 0 ? 'up' : 'down'} data-testid="stop-remaining-open">
              {report.remainingOpen} still open
            </b>
            {report.finishedAt === null ? ' · in progress…' : ''}
          </p>
          {report.accounts.some((a) => a.error) ? <p className="form-error small">{report.accounts.filter((a) => a.error).map((a) => `${a.label}: ${a.error}`).join(' · ')}</p> : null}
          {report.orders.length > 0 ? (
            <table className="mini-table" aria-label="Stop results per order">
              <thead>
                <tr>
                  <th scope="col">Side</th>
                  <th scope="col">Symbol</th>
                  <th scope="col" className="num">Amount</th>
                  <th scope="col" className="num">Price</th>
                  <th scope="col">Source</th>
                  <th scope="col">Order</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">
                    <span className="visually-hidden">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.orders.map((o, i) => (
                  <tr key={o.clientOrderId ?? o.exchangeOrderId ?? i} data-stop-order={o.clientOrderId ?? o.exchangeOrderId ?? i}>
                    <td className={o.side === 'buy' ? 'up' : o.side === 'sell' ? 'down' : 'muted'}>{o.side === null ? '—' : o.side === 'buy' ? 'Buy' : 'Sell'}</td>
                    <td>{o.symbol}</td>
                    <td className="num">{o.amount === null ? '—' : formatAmount(o.amount)}</td>
                    <td className="num">{o.price !== null ? formatPrice(o.price, o.priceDecimals ?? decimalsOf(o.symbol)) : o.side === null ? '—' : 'market'}</td>
                    <td>{o.source === 'untracked' ? <span className="muted">not placed by Halyard</span> : o.source}</td>
                    <td className="mono muted">{o.clientOrderId ?? o.exchangeOrderId}</td>
                    <td className={OUTCOME[o.outcome].tone}>{OUTCOME[o.outcome].label}</td>
                    <td className="muted small">{o.attempts > 1 ? `${o.attempts} attempts` : ''}{o.error ? ` · ${o.error}` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      )}
      <div className="button-row">
        {failed > 0 || (report && report.remainingOpen > 0) ? (
          <button type="button" className="small-btn" disabled={busy} onClick={() => void retry()}>
            Retry failed cancels
          </button>
        ) : null}
        {confirming ? (
          <>
            <span className="small warn-text">Close every position the bot opened at market?</span>
            <button type="button" className="small-btn danger" disabled={busy} onClick={() => void doFlatten()}>
              Confirm flatten
            </button>
            <button type="button" className="small-btn" onClick={() => setConfirming(false)}>
              Keep positions
            </button>
          </>
        ) : (
          <button type="button" className="small-btn danger" disabled={busy} onClick={() => setConfirming(true)}>
            Flatten bot positions…
          </button>
        )}
      </div>
      {shownFlatten ? (
        <div className="small">
          <p className={shownFlatten.verified ? 'ok' : 'down'}>
            {shownFlatten.verified ? '✓ Verified with the exchange: nothing bot-owned remains.' : '✗ Not verified: some bot-owned quantity may remain.'}
          </p>
          <table className="mini-table">
            <tbody>
              {shownFlatten.positions.map((p) => (
                <tr key={`${p.account}-${p.symbol}`}>
                  <td>{p.symbol}</td>
                  <td className="num">{formatAmount(p.quantity)}</td>
                  <td>{p.outcome}</td>
                  <td className="num muted">{p.remaining > 0 ? `${formatAmount(p.remaining)} left` : ''}</td>
                  <td className="muted">{p.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {error ? <p className="form-error small" role="alert">{error}</p> : null}
    </section>
  );
}
