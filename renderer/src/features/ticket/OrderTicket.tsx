import { useEffect, useRef, useState, type FormEvent } from 'react';
import { commands } from '../../../../core/api/contract/index';
import type { OrderView } from '../../../../core/api/contract/trading';
import { issuesFromZod } from '../../../../core/api/errors';
import { api } from '../../api/client';
import { fieldErrors, formError } from '../../api/errors';
import { formatAmount, formatPrice } from '../../app/format';
import { useHostStore } from '../../stores/host';
import { useSelectedRow } from '../../stores/market';
import { useTradingStore } from '../../stores/trading';
import { useUiStore } from '../../stores/ui';
import { AccountNote } from './AccountNote';
import { AccountSelect } from './AccountSelect';
import { Balances } from './Balances';
import { LiveConfirm, type TicketOrder } from './LiveConfirm';
import { PAPER, useTicketAccount, useTicketAccountStore } from './useTicketAccount';
import { FormProblem } from '../../app/FormProblem';
import { MarketEstimate } from './MarketEstimate';
import './ticket-live.css';

type OrderType = OrderView['type'];
const TYPES: { id: OrderType; label: string }[] = [
  { id: 'market', label: 'Market' },
  { id: 'limit', label: 'Limit' },
  { id: 'stop_limit', label: 'Stop-limit' },
];

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <span id={id} className="field-error" role="alert">
      {message}
    </span>
  ) : null;
}

/**
 * Manual orders on the paper account or an armed live one (the `Account` selector). Amount and
 * prices stay text and go to the core as decimal strings: the core parses, rounds to the market's
 * precision and runs the risk gate; its validation messages appear next to the field they concern.
 * A live ticket is unmistakable (LIVE badge, "— LIVE" on the button) and its first order of the
 * session on each account waits for the trader's confirmation.
 */
export function OrderTicket() {
  const row = useSelectedRow();
  const symbol = row?.symbol ?? '—';
  const [base, quote] = symbol.split('/');
  const halted = useHostStore((s) => s.status?.halt.halted ?? false);
  const upsertOrder = useTradingStore((s) => s.upsertOrder);
  const request = useUiStore((s) => s.ticketRequest);
  const [side, setSide] = useState<'buy' | 'sell'>('buy');
  const [type, setType] = useState<OrderType>('limit');
  const [amount, setAmount] = useState('');
  const [price, setPrice] = useState('');
  const [stopPrice, setStopPrice] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [placed, setPlaced] = useState<OrderView | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<TicketOrder | null>(null);
  const { account, live, armed, fellBackFrom } = useTicketAccount();
  const confirmedAccounts = useTicketAccountStore((s) => s.confirmed);
  const amountInput = useRef<HTMLInputElement>(null);
  // The placed order as it is now (open → filled arrives as an event after the answer).
  const current = useTradingStore((s) => (placed ? (s.orders[placed.clientOrderId] ?? placed) : null));

  // Keyboard B / S (and other panels) ask the ticket to take focus with a side.
  useEffect(() => {
    if (!request) return;
    setSide(request.side);
    amountInput.current?.focus();
    amountInput.current?.select();
  }, [request]);

  // A new symbol starts a fresh ticket: a price typed for BTC must never be sent for SOL.
  useEffect(() => {
    setPrice('');
    setStopPrice('');
    setErrors({});
    setProblem(null);
    setPlaced(null);
  }, [symbol]);

  // Another account: the last answer was about the previous one; a pending confirmation is void.
  useEffect(() => {
    setErrors({});
    setProblem(null);
    setPlaced(null);
    setConfirming(null);
  }, [account]);

  const lastPrice = row?.last !== null && row?.last !== undefined ? row.last.toFixed(row.priceDecimals) : '';
  const fillLastPrice = () => {
    if (lastPrice) setPrice(lastPrice);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!row) return;
    setErrors({});
    setProblem(null);
    setPlaced(null);
    const order: TicketOrder = {
      account,
      symbol: row.symbol,
      side,
      type,
      amount,
      ...(type !== 'market' ? { price } : {}),
      ...(type === 'stop_limit' ? { stopPrice } : {}),
    };
    if (live && !confirmedAccounts.has(account)) {
      // Checked here with the contract's own schema, so the question is never asked about an order the core would refuse to read.
      const checked = commands['orders.place'].request.safeParse(order);
      if (!checked.success) {
        setErrors(Object.fromEntries(issuesFromZod(checked.error).map((issue) => [issue.path, issue.message])));
        return;
      }
      setConfirming(order);
      return;
    }
    void send(order);
  };

  const confirmLive = () => {
    if (!confirming) return;
    setConfirming(null);
    void send(confirming);
  };

  const send = async (request: TicketOrder) => {
    setBusy(true);
    try {
      const order = await api.call('orders.place', request);
      // Only an order the core took counts as the confirmed first one: a refused one asks again.
      if (request.account !== PAPER) useTicketAccountStore.getState().confirm(request.account);
      upsertOrder(order);
      setPlaced(order);
      setAmount('');
    } catch (reason) {
      setErrors(fieldErrors(reason));
      setProblem(formError(reason));
    } finally {
      setBusy(false);
    }
  };

  const describe = (order: OrderView) =>
    `${order.side.toUpperCase()} ${formatAmount(order.amount)} ${order.symbol} ${order.type.replace('_', '-')}${order.price !== null ? ` @ ${formatPrice(order.price, row?.priceDecimals ?? 2)}` : ''}${order.account !== PAPER ? ` on ${order.account}` : ''} — ${order.status.replace('_', ' ')}`;

  return (
    <section className={live ? 'ticket panel live-ticket' : 'ticket panel'} aria-label="Order ticket">
      <header className="panel-header">
        <h2>Order ticket</h2>
        <span className="muted">{symbol}</span>
        {live ? (
          <span className="badge live" data-testid="ticket-live-badge" title={`Orders go to ${account} with real money`}>
            LIVE
          </span>
        ) : null}
      </header>
      <form className="ticket-form" onSubmit={submit} noValidate>
        <AccountSelect account={account} armed={armed} fellBackFrom={fellBackFrom} />
        <div className="side-switch" role="group" aria-label="Side">
          <button type="button" className={side === 'buy' ? 'side buy active' : 'side buy'} aria-pressed={side === 'buy'} onClick={() => setSide('buy')}>
            Buy
          </button>
          <button type="button" className={side === 'sell' ? 'side sell active' : 'side sell'} aria-pressed={side === 'sell'} onClick={() => setSide('sell')}>
            Sell
          </button>
        </div>
        <fieldset className="segmented type-switch">
          <legend className="visually-hidden">Order type</legend>
          {TYPES.map((t) => (
            <label key={t.id} className={type === t.id ? 'active' : undefined}>
              <input type="radio" name="order-type" value={t.id} checked={type === t.id} onChange={() => setType(t.id)} />
              {t.label}
            </label>
          ))}
        </fieldset>
        {type === 'stop_limit' ? (
          <div className="field">
            <label htmlFor="ticket-stop">Stop price</label>
            <div className="input-unit">
              <input id="ticket-stop" inputMode="decimal" autoComplete="off" value={stopPrice} onChange={(e) => setStopPrice(e.target.value)} aria-invalid={!!errors.stopPrice} aria-describedby="ticket-stop-error" placeholder={lastPrice} />
              <span className="unit">{quote}</span>
            </div>
            <FieldError id="ticket-stop-error" message={errors.stopPrice} />
          </div>
        ) : null}
        {type !== 'market' ? (
          <div className="field">
            <label htmlFor="ticket-price">Price</label>
            <div className="input-unit">
              <input id="ticket-price" inputMode="decimal" autoComplete="off" value={price} onChange={(e) => setPrice(e.target.value)} aria-invalid={!!errors.price} aria-describedby="ticket-price-error" placeholder={lastPrice} />
              <button type="button" className="unit-button" onClick={fillLastPrice} title="Use the last price">
                Last
              </button>
              <span className="unit">{quote}</span>
            </div>
            <FieldError id="ticket-price-error" message={errors.price} />
          </div>
        ) : (
          <MarketEstimate symbol={symbol} side={side} amount={amount} decimals={row?.priceDecimals ?? 2} />
        )}
        <div className="field">
          <label htmlFor="ticket-amount">Amount</label>
          <div className="input-unit">
            <input id="ticket-amount" ref={amountInput} inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={!!errors.amount} aria-describedby="ticket-amount-error" placeholder="0.00" />
            <span className="unit">{base}</span>
          </div>
          <FieldError id="ticket-amount-error" message={errors.amount} />
        </div>
        <Balances base={base} quote={quote} account={account} />
        <button type="submit" className={`submit ${side}`} disabled={busy || !row || halted || confirming !== null}>
          {side === 'buy' ? 'Buy' : 'Sell'} {base}
          {live ? ' — LIVE' : ''}
        </button>
        {halted ? <p className="field-error">HALTED — no orders until you re-arm.</p> : null}
        <FormProblem message={problem} testId="ticket-error" />
        {current ? (
          <p className={current.status === 'rejected' ? 'form-error' : 'form-ok'} role="status" data-testid="ticket-result">
            {describe(current)}
            {current.status === 'rejected' && current.reason ? `: ${current.reason}` : ''}
          </p>
        ) : null}
      </form>
      <AccountNote account={account} armed={armed} />
      {confirming ? <LiveConfirm order={confirming} onConfirm={confirmLive} onCancel={() => setConfirming(null)} /> : null}
    </section>
  );
}
