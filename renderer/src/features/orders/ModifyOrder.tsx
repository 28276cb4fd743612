import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { OrderView } from '../../../../core/api/contract/trading';
import { api } from '../../api/client';
import { fieldErrors, formError } from '../../api/errors';
import { formatAmount, plainDecimal } from '../../app/format';
import { useTradingStore } from '../../stores/trading';
import { FieldError } from '../../app/forms/FieldRow';
import { useModifyStore, type ModifyRequest } from './modify-store';

const isLive = (order: OrderView) => order.account !== 'paper';

/** Sends the change (cancel/replace in the core) and tells the trader what became of it. */
async function send(order: OrderView, change: { price?: string; amount?: string; stopPrice?: string }): Promise<Record<string, string> | null> {
  const store = useModifyStore.getState();
  try {
    const replacement = await api.call('orders.modify', { clientOrderId: order.clientOrderId, ...change });
    useTradingStore.getState().upsertOrder(replacement);
    store.tell({ kind: 'ok', text: `${order.symbol} ${order.side} order modified: ${formatAmount(replacement.amount)} at ${replacement.price !== null ? plainDecimal(replacement.price) : ''}${replacement.stopPrice !== null ? `, stop ${plainDecimal(replacement.stopPrice)}` : ''} (new order ${replacement.clientOrderId}).` });
    store.close();
    return null;
  } catch (reason) {
    store.tell({ kind: 'error', text: `Modify failed for ${order.symbol}: ${formError(reason) ?? 'refused'}` });
    return fieldErrors(reason);
  }
}

/**
 * Modifying a working order: from Open Orders a dialog with its price and amount; a dragged line on the
 * chart asks only on a live account (a paper order moves at once). A live change always shows the old and
 * new values and waits for Confirm. The core cancels and replaces it (a new client id), and sends nothing
 * new if the order filled meanwhile.
 */
export function ModifyHost() {
  const request = useModifyStore((s) => s.request);
  const notice = useModifyStore((s) => s.notice);
  useEffect(() => {
    if (!request || request.via !== 'chart' || isLive(request.order)) return;
    // A refused drag lets go of its request: the dragged line goes back to where the order still is, and the notice says why.
    void send(request.order, request.stopPrice !== undefined ? { stopPrice: request.stopPrice } : { price: request.price! }).then(() => {
      if (useModifyStore.getState().request === request) useModifyStore.getState().close();
    });
  }, [request]);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => useModifyStore.getState().tell(null), 8_000);
    return () => clearTimeout(timer);
  }, [notice]);
  const dialog = request && (request.via === 'orders' || isLive(request.order)) ? <ModifyDialog key={request.order.clientOrderId} request={request} /> : null;
  return (
    <>
      {dialog}
      {notice ? (
        <p className={`modify-notice ${notice.kind === 'ok' ? 'form-ok' : 'form-error'}`} role={notice.kind === 'ok' ? 'status' : 'alert'} data-testid="modify-notice">
          {notice.text}
        </p>
      ) : null}
    </>
  );
}

function ModifyDialog({ request }: { request: ModifyRequest }) {
  const { order } = request;
  const live = isLive(order);
  const [price, setPrice] = useState(request.price ?? (order.price !== null ? plainDecimal(order.price) : ''));
  // A stop-limit's stop can be moved too (the core refuses one the last price has already reached, before any cancel).
  const hasStop = order.type === 'stop_limit' && order.stopPrice !== null;
  const [stopPrice, setStopPrice] = useState(request.stopPrice ?? (order.stopPrice !== null ? plainDecimal(order.stopPrice) : ''));
  const [amount, setAmount] = useState(formatAmount(Math.max(0, order.amount - order.filled)).replace(/,/g, ''));
  // A line dragged on a live account goes straight to the confirmation: it shows the preview of what is sent, like the dialog's.
  const fromChart = live && request.via === 'chart';
  const [confirming, setConfirming] = useState(fromChart);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement | HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), [confirming]);
  const close = () => useModifyStore.getState().close();

  // What the core will send, rounded through the market's precision: the confirmation shows exactly that (null until asked).
  const [rounded, setRounded] = useState<{ price: string | null; amount: string; stopPrice: string | null } | null>(null);
  const typedChange = () => {
    const change = { ...(order.price === null || price !== plainDecimal(order.price) ? { price } : {}), ...(request.via === 'orders' ? { amount } : {}), ...(hasStop && stopPrice !== plainDecimal(order.stopPrice!) ? { stopPrice } : {}) };
    return Object.keys(change).length > 0 ? change : { price };
  };
  const apply = async () => {
    setBusy(true);
    const problems = await send(order, typedChange());
    setBusy(false);
    if (problems) {
      setErrors(problems);
      setConfirming(false);
    }
  };
  const review = async () => {
    setBusy(true);
    try {
      setRounded(await api.call('orders.modifyPreview', { clientOrderId: order.clientOrderId, ...typedChange() }));
      setErrors({});
      setConfirming(true);
    } catch (reason) {
      const fields = fieldErrors(reason);
      setErrors(Object.keys(fields).length > 0 ? fields : { price: formError(reason) ?? 'refused' });
      // Refused by the market's rules: the fields come back with why, nothing is confirmed.
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (fromChart) void review();
    // Asked once, when the drag opens the confirmation (the dialog is keyed by the order: a new drag mounts a new one).
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (live && !confirming) void review();
    else void apply();
  };
  const shown = { price: rounded?.price ?? price, stopPrice: rounded?.stopPrice ?? stopPrice, amount: rounded?.amount ?? amount };
  const onKeyDown = (event: KeyboardEvent) => {
    event.stopPropagation(); // the workspace's shortcuts must not act behind this question
    if (event.key === 'Escape') close();
  };
  const title = confirming ? 'Confirm live modify' : `Modify ${order.side} ${order.symbol} order`;
  return (
    <div className="overlay-backdrop" onMouseDown={close}>
      <div className="dialog" role={confirming ? 'alertdialog' : 'dialog'} aria-modal="true" aria-labelledby="modify-title" onMouseDown={(e) => e.stopPropagation()} onKeyDown={onKeyDown}>
        <header className="dialog-header">
          <h2 id="modify-title">{title}</h2>
          {live ? <span className="badge live">LIVE</span> : null}
        </header>
        <form className="modify-form" onSubmit={submit} noValidate>
          {confirming && rounded === null ? (
            <p className="muted" role="status">
              Checking what the venue will be sent…
            </p>
          ) : confirming ? (
            <p data-testid="modify-summary">
              {order.side === 'buy' ? 'Buy' : 'Sell'} {order.symbol} on <strong>{order.account}</strong>: {hasStop ? `stop ${order.stopPrice ?? '—'} → ${shown.stopPrice}, ` : ''}price {order.price ?? '—'} → {shown.price}
              {request.via === 'orders' ? `, amount ${formatAmount(order.amount - order.filled)} → ${shown.amount}` : `, amount ${shown.amount}`}. The order is cancelled and sent again with a new id; this uses real money.
            </p>
          ) : (
            <>
              {hasStop ? (
                <div className="field">
                  <label htmlFor="modify-stop">Stop price</label>
                  <input id="modify-stop" inputMode="decimal" autoComplete="off" value={stopPrice} onChange={(e) => setStopPrice(e.target.value)} aria-invalid={!!errors.stopPrice} aria-describedby="modify-stop-error" />
                  <FieldError id="modify-stop-error" message={errors.stopPrice} />
                </div>
              ) : null}
              <div className="field">
                <label htmlFor="modify-price">Price</label>
                <input id="modify-price" ref={first as React.RefObject<HTMLInputElement>} inputMode="decimal" autoComplete="off" value={price} onChange={(e) => setPrice(e.target.value)} aria-invalid={!!errors.price} aria-describedby="modify-price-error" />
                <FieldError id="modify-price-error" message={errors.price} />
              </div>
              <div className="field">
                <label htmlFor="modify-amount">Amount</label>
                <input id="modify-amount" inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={!!errors.amount} aria-describedby="modify-amount-error" />
                <FieldError id="modify-amount-error" message={errors.amount} />
              </div>
            </>
          )}
          <footer className="button-row">
            <button type="button" onClick={close} ref={confirming ? (first as React.RefObject<HTMLButtonElement>) : undefined}>
              Cancel
            </button>
            <button type="submit" className={`submit ${order.side}`} disabled={busy || (confirming && rounded === null)}>
              {confirming ? 'Confirm' : live ? 'Review' : 'Save'}
            </button>
          </footer>
        </form>
      </div>
    </div>
  );
}
