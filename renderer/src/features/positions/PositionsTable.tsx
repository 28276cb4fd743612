import { Fragment, useEffect, useState } from 'react';
import type { PositionView } from '../../../../core/api/contract/trading';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { direction, formatAmount, formatDateTime, formatDuration, formatPercent, formatPrice, formatSigned, QUOTE_DECIMALS } from '../../app/format';
import { useMarketStore, usePriceDecimalsBySymbol } from '../../stores/market';
import { useTradingStore } from '../../stores/trading';
import { useUiStore } from '../../stores/ui';
import { EmptyState } from '../../app/EmptyState';
import { ReduceMenu } from './ReduceMenu';
import { LiveMark, VenueTag } from '../../app/VenueTag';
import { isLiveAccount, orderVenueTags } from '../../app/venue';
import { TableHead, type Column } from '../../app/TableHead';

/** "Now" for ages: the market's clock when the feed has one (simulated and replayed markets run off the wall clock). */
function useMarketNow(intervalMs: number): number {
  const marketTime = useMarketStore((s) => s.marketTime);
  const [wall, setWall] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setWall(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return marketTime ?? wall;
}

/** How long a position has been open: the only cell that follows the market's clock (so only it re-renders as it runs). */
function Age({ openedAt }: { openedAt: number }) {
  const now = useMarketNow(1_000);
  return (
    <td className="num" title={formatDateTime(openedAt)}>
      {formatDuration(now - openedAt)}
    </td>
  );
}

/**
 * Whether the exits shown are working, as the core says: `not enforced` (its configuration does not
 * run), `exits paused (HALTED)` (nothing automatic is sent; the trader's own Close still is), or
 * `exit pending: <why>` (an exit that triggered and has not filled yet, retried until it does).
 */
function exitNote(position: PositionView): string | null {
  return position.exitStatus === null || position.exitStatus === 'enforced' ? null : position.exitStatus;
}

function ExitStatus({ position, decimals, note }: { position: PositionView; decimals: number; note: string | null }) {
  const parts: string[] = [];
  if (position.stopLoss !== null) parts.push(`SL ${formatPrice(position.stopLoss, decimals)}`);
  position.takeProfits.forEach((tp, i) => parts.push(`TP${position.takeProfits.length > 1 ? i + 1 : ''} ${formatPrice(tp.price, decimals)} (${Math.round(tp.fraction * 100)}%)`));
  if (position.trailing) parts.push(position.trailing.active && position.trailing.stop !== null ? `Trail ${formatPrice(position.trailing.stop, decimals)}` : 'Trail armed');
  if (!parts.length && !note) return <span className="exit-status muted">none</span>;
  return (
    <span className="exit-status">
      {parts.join(' · ')}
      {note ? (
        <span className="exit-note down" data-testid="exit-note">
          {' '}
          — {note}
        </span>
      ) : null}
      {position.protection ? (
        <span className={position.protection.startsWith('protected') ? 'exit-protection up' : 'exit-protection muted'} data-testid="protection">
          {' '}
          · {position.protection}
        </span>
      ) : null}
    </span>
  );
}

const POSITION_COLUMNS: readonly Column[] = [
  { label: 'Symbol' },
  { label: 'Size', numeric: true },
  { label: 'Avg entry', numeric: true },
  { label: 'Mark', numeric: true },
  { label: 'uPnL', numeric: true, title: 'Open P&L at the mark, before fees' },
  { label: 'uPnL %', numeric: true, title: 'Of the average entry, before fees' },
  { label: 'Realized', numeric: true, title: 'What its partial exits realized, after fees (their entry and exit fees taken off)' },
  { label: 'Fees', numeric: true, title: 'Every fee its fills paid, entries and exits' },
  { label: 'Strategy' },
  { label: 'Exits', title: 'Stop loss, take-profits and trailing stop' },
  { label: 'Open', numeric: true },
];

/**
 * Open positions as the core reports them (P&L, averages and percentages are the core's). Close and
 * Reduce send `positions.close` — a market order through the risk gate — and show its answer.
 */
export function PositionsTable() {
  const positions = useTradingStore((s) => s.positions);
  const loaded = useTradingStore((s) => s.loaded);
  const loadError = useTradingStore((s) => s.error);
  const priceDecimals = usePriceDecimalsBySymbol();
  const select = useMarketStore((s) => s.select);
  const selectedId = useUiStore((s) => s.selectedPositionId);
  const selectPosition = useUiStore((s) => s.selectPosition);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string; orderId?: string } | null>(null);
  const orderStatus = useTradingStore((s) => (message?.orderId ? s.orders[message.orderId]?.status : undefined));

  if (loadError) return <EmptyState tone="error" title="Positions are unavailable" detail={loadError} />;
  if (!loaded) return <EmptyState title="Loading positions…" />;
  if (positions.length === 0) {
    return <EmptyState title="No open positions" detail="Place an order from the ticket (B to buy, S to sell) or enable a strategy in the Strategies tab." />;
  }

  const close = async (position: PositionView, fraction: number) => {
    const what = fraction === 1 ? 'Close' : `Reduce by ${fraction * 100}%`;
    setBusy(position.id);
    setMessage(null);
    try {
      const order = await api.call('positions.close', { id: position.id, fraction });
      setMessage({ kind: 'ok', text: `${what} ${position.symbol}: ${order.side.toUpperCase()} ${formatAmount(order.amount)} at market`, orderId: order.clientOrderId });
    } catch (reason) {
      setMessage({ kind: 'error', text: `${what} ${position.symbol} refused: ${describeError(reason)}` });
    } finally {
      setBusy(null);
    }
  };

  // Which account (so which exchange) holds a position: where the table holds more than one, and always for a live one.
  const venueTag = orderVenueTags(positions.map((position) => position.account));
  const toggle = (id: string) => setExpanded((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));

  return (
    <div className="table-wrap">
      {message ? (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'form-error inline' : 'form-ok inline'}>
          {message.text}
          {orderStatus ? ` — ${orderStatus.replace('_', ' ')}` : ''}
        </p>
      ) : null}
      <table className="data-table" aria-label="Positions">
        <TableHead columns={POSITION_COLUMNS} actions />
        <tbody>
          {positions.map((position) => {
            const venue = venueTag(position.account);
            const decimals = position.priceDecimals ?? priceDecimals[position.symbol] ?? 2;
            // Money in its market's quote, to the core's decimals (satoshis for ETH/BTC).
            const money = position.moneyDecimals ?? QUOTE_DECIMALS;
            const tone = direction(position.unrealizedPnl, money);
            const open = expanded.has(position.id);
            return (
              <Fragment key={position.id}>
                <tr
                  data-position={position.id}
                  data-symbol={position.symbol}
                  data-account={position.account}
                  className={position.id === selectedId ? 'selected' : undefined}
                  onClick={() => {
                    selectPosition(position.id);
                    select(position.symbol);
                  }}
                >
                  <th scope="row">
                    <button type="button" className="disclosure" aria-expanded={open} aria-label={`Tranches of ${position.symbol}`} onClick={(e) => { e.stopPropagation(); toggle(position.id); }}>
                      {open ? '▾' : '▸'}
                    </button>
                    <span className={position.quantity >= 0 ? 'side-tag long' : 'side-tag short'}>{position.quantity >= 0 ? 'LONG' : 'SHORT'}</span> {position.symbol}
                    <VenueTag name={venue} />
                    {isLiveAccount(position.account) ? <LiveMark account={position.account} /> : null}
                  </th>
                  <td className="num" data-testid="position-size">{formatAmount(position.quantity)}</td>
                  <td className="num">{formatPrice(position.averageEntry, decimals)}</td>
                  <td className="num" data-testid="position-mark">{position.markPrice === null ? '—' : formatPrice(position.markPrice, decimals)}</td>
                  <td className={`num ${tone}`} data-testid="position-upnl">{position.unrealizedPnl === null ? '—' : formatSigned(position.unrealizedPnl, money)}</td>
                  <td className={`num ${tone}`}>{position.unrealizedPnlPct === null ? '—' : formatPercent(position.unrealizedPnlPct)}</td>
                  <td className={`num ${direction(position.realizedPnl, money)}`}>{formatSigned(position.realizedPnl, money)}</td>
                  <td className="num muted">{formatPrice(position.fees, money)}</td>
                  <td>{position.source === 'manual' ? <span className="muted">manual</span> : position.source}</td>
                  <td><ExitStatus position={position} decimals={decimals} note={exitNote(position)} /></td>
                  <Age openedAt={position.openedAt} />
                  <td className="sticky-actions" onClick={(e) => e.stopPropagation()}>
                    <span className="actions">
                      <ReduceMenu symbol={position.symbol} disabled={busy === position.id} onReduce={(fraction) => void close(position, fraction)} />
                      <button type="button" className="danger small-btn" disabled={busy === position.id} onClick={() => void close(position, 1)} aria-label={`Close ${position.symbol}`} title="Close all at market">
                        Close
                      </button>
                    </span>
                  </td>
                </tr>
                {open
                  ? position.tranches.map((tranche, index) => (
                      <tr key={`${position.id}-t${index}`} className="tranche-row">
                        <td className="muted">Tranche {index + 1}</td>
                        <td className="num">{formatAmount(tranche.quantity)}</td>
                        <td className="num">{formatPrice(tranche.price, decimals)}</td>
                        <td colSpan={7} />
                        <td className="num muted">{formatDateTime(tranche.time)}</td>
                        <td className="sticky-actions" />
                      </tr>
                    ))
                  : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
