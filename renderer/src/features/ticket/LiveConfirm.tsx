import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { CommandArgs } from '../../../../core/api/contract/index';

export type TicketOrder = CommandArgs<'orders.place'> & { account: string };

const TYPE_LABEL: Record<TicketOrder['type'], string> = { market: 'market', limit: 'limit', stop_limit: 'stop-limit' };

function priceText(order: TicketOrder, quote: string): string {
  if (order.type === 'market') return 'market (best available price)';
  const limit = `${order.price ?? ''} ${quote} (${TYPE_LABEL[order.type]})`;
  return order.type === 'stop_limit' ? `${limit}, triggered at ${order.stopPrice ?? ''} ${quote}` : limit;
}

/**
 * The first live order of a session on an account waits for this: account, side, amount, symbol
 * and price as they will be sent. Focus starts on Cancel and stays in the dialog; Escape cancels.
 * The order is a snapshot taken at submit, so nothing typed meanwhile (or a B / S shortcut) changes it.
 */
export function LiveConfirm({ order, onConfirm, onCancel }: { order: TicketOrder; onConfirm(): void; onCancel(): void }) {
  const cancel = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  const [base, quote = ''] = order.symbol.split('/');
  const side = order.side === 'buy' ? 'Buy' : 'Sell';

  const onKeyDown = (event: KeyboardEvent) => {
    // The workspace's shortcuts must not act behind a real-money question.
    event.stopPropagation();
    if (event.key === 'Escape') onCancel();
    if (event.key === 'Tab') {
      event.preventDefault();
      (document.activeElement === cancel.current ? confirm : cancel).current?.focus();
    }
  };

  return (
    <div className="overlay-backdrop" onMouseDown={onCancel}>
      <div
        className="dialog live-confirm"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="live-confirm-title"
        aria-describedby="live-confirm-summary"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <header className="dialog-header">
          <h2 id="live-confirm-title">Confirm live order</h2>
          <span className="badge live">LIVE</span>
        </header>
        <div className="live-confirm-body">
          <p id="live-confirm-summary">
            {side} {order.amount} {order.symbol} at {priceText(order, quote)} on <strong>{order.account}</strong>. This order uses real money.
          </p>
          <dl className="live-confirm-details">
            <dt>Account</dt>
            <dd data-testid="confirm-account">{order.account}</dd>
            <dt>Side</dt>
            <dd>{side}</dd>
            <dt>Amount</dt>
            <dd>
              {order.amount} {base}
            </dd>
            <dt>Symbol</dt>
            <dd>{order.symbol}</dd>
            <dt>Price</dt>
            <dd>{priceText(order, quote)}</dd>
            {order.postOnly || (order.timeInForce && order.timeInForce !== 'GTC') ? (
              <>
                <dt>Options</dt>
                <dd>{[order.postOnly ? 'post-only' : null, order.timeInForce && order.timeInForce !== 'GTC' ? order.timeInForce : null].filter(Boolean).join(', ')}</dd>
              </>
            ) : null}
            {order.takeProfit || order.stopLoss ? (
              <>
                <dt>Bracket</dt>
                <dd>
                  {order.takeProfit ? `take profit ${order.takeProfit} ${quote}` : ''}
                  {order.takeProfit && order.stopLoss ? ', ' : ''}
                  {order.stopLoss ? `stop loss ${order.stopLoss} ${quote}` : ''}
                </dd>
              </>
            ) : null}
          </dl>
          <p className="muted small">Asked once per account per session; later orders on this account are sent when you press the ticket’s button.</p>
        </div>
        <footer className="button-row live-confirm-actions">
          <button ref={cancel} type="button" onClick={onCancel}>
            Cancel
          </button>
          <button ref={confirm} type="button" className={`submit ${order.side}`} onClick={onConfirm}>
            Confirm
          </button>
        </footer>
      </div>
    </div>
  );
}
