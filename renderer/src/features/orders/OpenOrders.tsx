import { useMemo, useState } from 'react';
import type { OrderView } from '../../../../core/api/contract/trading';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { EmptyState } from '../../app/EmptyState';
import { formatAmount, formatDateTime, formatPrice } from '../../app/format';
import { usePriceDecimalsBySymbol } from '../../stores/market';
import { openOrders, useTradingStore } from '../../stores/trading';
import { TableHead, type Column } from '../../app/TableHead';
import { useModifyStore } from './modify-store';
import { CancelAll } from './CancelAll';
import { LiveMark, VenueTag } from '../../app/VenueTag';
import { isLiveAccount, orderVenueTags } from '../../app/venue';

const TYPE_LABEL: Record<OrderView['type'], string> = { market: 'Market', limit: 'Limit', stop_limit: 'Stop-limit' };

/** What the order was sent with beyond its type: "Post-only", "IOC", "FOK" (GTC is every order's default). */
function orderOptions(order: OrderView): string[] {
  return [...(order.postOnly ? ['Post-only'] : []), ...(order.timeInForce !== 'GTC' ? [order.timeInForce] : [])];
}

const ORDER_COLUMNS: readonly Column[] = [
  { label: 'Time (UTC)' },
  { label: 'Symbol' },
  { label: 'Side' },
  { label: 'Type' },
  { label: 'Price', numeric: true },
  { label: 'Stop', numeric: true },
  { label: 'Amount', numeric: true },
  { label: 'Filled', numeric: true },
  { label: 'Status' },
  { label: 'Source' },
];

/** "2026-12-07" over "15:36:30" (the text still reads "2026-12-07 15:36:30"): half the width of one line, room for the live mark. */
function DateOverTime({ time }: { time: number }) {
  const [date, clock] = formatDateTime(time).split(' ');
  return (
    <>
      <span>{date}</span> <span>{clock}</span>
    </>
  );
}

type PanelMessage = { kind: 'ok' | 'error'; text: string; failures?: readonly string[] };

/** The outcome of the last Cancel or Cancel all; each order that could not be cancelled on a line of its own, with the reason. */
function Message({ message }: { message: PanelMessage | null }) {
  if (!message) return null;
  return (
    <div role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'form-error inline' : 'form-ok inline'} data-testid="orders-message">
      {message.text}
      {message.failures && message.failures.length > 0 ? (
        <ul>
          {message.failures.map((failure) => (
            <li key={failure}>{failure}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * Orders resting on the book, newest first, each with Cancel (cancels go through the core's queue) and, for the trader's own, Modify;
 * Cancel all above them (a confirmation first; stops guarding a position stay).
 */
export function OpenOrders() {
  const orders = useTradingStore((s) => s.orders);
  const loaded = useTradingStore((s) => s.loaded);
  const loadError = useTradingStore((s) => s.error);
  const priceDecimals = usePriceDecimalsBySymbol();
  const [busy, setBusy] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<PanelMessage | null>(null);
  const open = useMemo(() => openOrders(orders), [orders]);
  const venueTag = orderVenueTags(open.map((order) => order.account));

  if (loadError) return <EmptyState tone="error" title="Orders are unavailable" detail={loadError} />;
  if (!loaded) return <EmptyState title="Loading orders…" />;
  // What the last Cancel all did stays readable after it emptied the list.
  if (open.length === 0) {
    return (
      <>
        <Message message={message} />
        <EmptyState title="No open orders" detail="Limit and stop-limit orders from the ticket or a strategy appear here until they fill or are cancelled." />
      </>
    );
  }

  const cancel = async (order: OrderView) => {
    setBusy((s) => new Set(s).add(order.clientOrderId));
    setMessage(null);
    try {
      const result = await api.call('orders.cancel', { clientOrderId: order.clientOrderId });
      useTradingStore.getState().upsertOrder(result);
      setMessage({ kind: 'ok', text: `${order.symbol} ${order.side} order ${result.status.replace('_', ' ')}.` });
    } catch (reason) {
      setMessage({ kind: 'error', text: `Cancel failed for ${order.symbol}: ${describeError(reason)}` });
    } finally {
      setBusy((s) => new Set([...s].filter((id) => id !== order.clientOrderId)));
    }
  };

  return (
    <div className="table-wrap">
      <div className="table-toolbar">
        <CancelAll onReport={setMessage} />
      </div>
      <Message message={message} />
      <table className="data-table compact-table" aria-label="Open orders">
        <TableHead columns={ORDER_COLUMNS} actions />
        <tbody>
          {open.map((order) => {
            const decimals = order.priceDecimals ?? priceDecimals[order.symbol] ?? 2;
            return (
              <tr key={order.clientOrderId} data-order={order.clientOrderId} data-symbol={order.symbol}>
                <td className="muted mono stacked-time">
                  <DateOverTime time={order.createdAt} />
                </td>
                <th scope="row">
                  {order.symbol}
                  <VenueTag name={venueTag(order.account)} />
                  {isLiveAccount(order.account) ? <LiveMark account={order.account} /> : null}
                </th>
                <td className={order.side === 'buy' ? 'up' : 'down'}>{order.side === 'buy' ? '▲ Buy' : '▼ Sell'}</td>
                <td>
                  {TYPE_LABEL[order.type]}
                  {orderOptions(order).map((option) => (
                    <span key={option} className="order-option">
                      {' · '}
                      {option}
                    </span>
                  ))}
                </td>
                <td className="num">{order.price === null ? 'market' : formatPrice(order.price, decimals)}</td>
                <td className="num">{order.stopPrice === null ? '—' : formatPrice(order.stopPrice, decimals)}</td>
                <td className="num">{formatAmount(order.amount)}</td>
                <td className="num">{formatAmount(order.filled)}</td>
                <td>{order.status.replace('_', ' ')}</td>
                <td>{order.source}</td>
                <td className="sticky-actions">
                  {order.source === 'manual' && order.type !== 'market' && order.reason !== 'protective stop' ? (
                    <button type="button" className="small-btn" disabled={busy.has(order.clientOrderId)} onClick={() => useModifyStore.getState().start({ order, via: 'orders' })}>
                      Modify
                    </button>
                  ) : null}{' '}
                  <button type="button" className="small-btn" disabled={busy.has(order.clientOrderId)} onClick={() => void cancel(order)} aria-label={`Cancel ${order.side} ${order.symbol} order`}>
                    Cancel
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
