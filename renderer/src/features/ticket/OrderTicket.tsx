import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { commands } from '../../../../core/api/contract/index';
import type { OrderView } from '../../../../core/api/contract/trading';
import { issuesFromZod } from '../../../../core/api/errors';
import { api } from '../../api/client';
import { fieldErrors, formError } from '../../api/errors';
import { formatAmount, formatPrice } from '../../app/format';
import { useHostStore } from '../../stores/host';
import { selectedRow, useMarketStore, usePriceDecimals, useSelectedSymbolShown } from '../../stores/market';
import { useTradingStore } from '../../stores/trading';
import { useUiStore } from '../../stores/ui';
import { AccountNote } from './AccountNote';
import { AccountSelect } from './AccountSelect';
import { Balances, useTicketBalances } from './Balances';
import { BracketFields, BracketToggle, LimitOptions, OrderPreview, PercentButtons, type TimeInForce } from './TicketExtras';
import { FieldError } from '../../app/forms/FieldRow';
import { amountForFraction, feeRateFor } from './ticket-math';
import { useTicketRules } from './useTicketRules';
import { LiveConfirm, type TicketOrder } from './LiveConfirm';
import { PAPER, useTicketAccount, useTicketAccountStore } from './useTicketAccount';
import { FormProblem } from '../../app/FormProblem';
import { MarketEstimate } from './MarketEstimate';
import { LiveAttribute } from '../live/live-dom';
import { useLivePaint } from '../live/useLivePaint';
import './ticket-live.css';

type OrderType = OrderView['type'];
const TYPES: { id: OrderType; label: string }[] = [
  { id: 'market', label: 'Market' },
  { id: 'limit', label: 'Limit' },
  { id: 'stop_limit', label: 'Stop-limit' },
];

/** The order's arguments the ticket shows a problem beside (any other problem goes under the form). */
const TICKET_FIELDS = ['amount', 'price', 'stopPrice', 'postOnly', 'timeInForce', 'takeProfit', 'stopLoss'] as const;

const DECIMAL = /^\d{1,18}(\.\d{1,18})?$/;
const parsed = (text: string): number | null => (DECIMAL.test(text.trim()) && Number(text) > 0 ? Number(text) : null);

/**
 * Manual orders on the paper account or an armed live one (the `Account` selector). Amount and
 * prices stay text and go to the core as decimal strings: the core parses, rounds to the market's
 * precision and runs the risk gate; its validation messages appear next to the field they concern.
 * A live ticket is unmistakable (LIVE badge, "— LIVE" on the button) and its first order of the
 * session on each account waits for the trader's confirmation.
 */
export function OrderTicket() {
  // The symbol and its precision, not the row: the ticket re-renders on a tick only where it shows a price.
  const shown = useSelectedSymbolShown();
  const symbol = shown ?? '—';
  const decimals = usePriceDecimals(symbol);
  const [base, quote] = symbol.split('/');
  const halted = useHostStore((s) => s.status?.halt.halted ?? false);
  const upsertOrder = useTradingStore((s) => s.upsertOrder);
  const request = useUiStore((s) => s.ticketRequest);
  const [side, setSide] = useState<'buy' | 'sell'>('buy');
  const [type, setType] = useState<OrderType>('limit');
  const [amount, setAmount] = useState('');
  const [price, setPrice] = useState('');
  const [stopPrice, setStopPrice] = useState('');
  const [postOnly, setPostOnly] = useState(false);
  const [timeInForce, setTimeInForce] = useState<TimeInForce>('GTC');
  const [takeProfit, setTakeProfit] = useState('');
  const [stopLoss, setStopLoss] = useState('');
  const [expectedFill, setExpectedFill] = useState<number | null>(null);
  const [bracketOpen, setBracketOpen] = useState(false);
  const onExpectedFill = useCallback((price: number | null) => setExpectedFill(price), []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [placed, setPlaced] = useState<OrderView | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<TicketOrder | null>(null);
  const { account, live, armed, fellBackFrom } = useTicketAccount();
  const rules = useTicketRules(account, shown);
  const balances = useTicketBalances(account);
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
    setTakeProfit('');
    setStopLoss('');
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

  const fillLastPrice = () => {
    const text = lastPriceText(useMarketStore.getState());
    if (text) setPrice(text);
  };

  // The price the order is valued at: its limit, or for a market order the expected fill from the book (else the
  // last price). Read through selectors that answer numbers: a tick re-renders the ticket only when these change.
  const limitPrice = parsed(price);
  const orderPrice = useMarketStore((s) => (type === 'market' ? (expectedFill ?? lastOf(s)) : limitPrice));
  const feeRate = useMarketStore((s) => (rules ? feeRateFor(rules, type, side, orderPrice, lastOf(s), postOnly && type === 'limit') : 0));
  // The bracket stays open while it holds a value or an error.
  const showBracket = bracketOpen || takeProfit !== '' || stopLoss !== '' || !!errors.takeProfit || !!errors.stopLoss;
  const pickFraction = (fraction: number) => {
    if (!rules || !balances) return;
    const free = (currency: string) => balances.find((b) => b.currency === currency)?.free ?? 0;
    // A market buy is sized at the last price (its expected fill depends on the size itself) plus what the account sets aside
    // above it, and a price step (its fill price is rounded to the tick).
    const last = lastOf(useMarketStore.getState());
    const at = type !== 'market' ? parsed(price) : last !== null ? last * (1 + rules.marketBuyReserve) + rules.priceStep : null;
    const next = amountForFraction(fraction, side, { base: free(rules.base), quote: free(rules.quote) }, at, Math.max(rules.takerFee, rules.makerFee), rules.amountStep);
    if (next) setAmount(next);
    else setErrors((current) => ({ ...current, amount: side === 'buy' && at === null ? 'enter a price first' : `no ${side === 'buy' ? rules.quote : rules.base} available` }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (shown === null) return;
    setErrors({});
    setProblem(null);
    setPlaced(null);
    const order: TicketOrder = {
      account,
      symbol: shown,
      side,
      type,
      amount,
      ...(type !== 'market' ? { price } : {}),
      ...(type === 'stop_limit' ? { stopPrice } : {}),
      ...(type === 'limit' && postOnly && rules?.postOnly ? { postOnly: true } : {}),
      ...(type === 'limit' && !postOnly && timeInForce !== 'GTC' ? { timeInForce } : {}),
      ...(side === 'buy' && takeProfit.trim() !== '' ? { takeProfit } : {}),
      ...(side === 'buy' && stopLoss.trim() !== '' ? { stopLoss } : {}),
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
      setTakeProfit('');
      setStopLoss('');
    } catch (reason) {
      setErrors(fieldErrors(reason));
      setProblem(formError(reason, (path) => (TICKET_FIELDS as readonly string[]).includes(path)));
    } finally {
      setBusy(false);
    }
  };

  const describe = (order: OrderView) =>
    `${order.side.toUpperCase()} ${formatAmount(order.amount)} ${order.symbol} ${order.type.replace('_', '-')}${order.price !== null ? ` @ ${formatPrice(order.price, order.priceDecimals ?? decimals)}` : ''}${order.account !== PAPER ? ` on ${order.account}` : ''} — ${order.status.replace('_', ' ')}`;

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
              <LastPriceInput id="ticket-stop" value={stopPrice} onChange={setStopPrice} invalid={!!errors.stopPrice} describedBy="ticket-stop-error" />
              <span className="unit">{quote}</span>
            </div>
            <FieldError id="ticket-stop-error" message={errors.stopPrice} />
          </div>
        ) : null}
        {type !== 'market' ? (
          <div className="field">
            <label htmlFor="ticket-price">Price</label>
            <div className="input-unit">
              <LastPriceInput id="ticket-price" value={price} onChange={setPrice} invalid={!!errors.price} describedBy="ticket-price-error" />
              <button type="button" className="unit-button" onClick={fillLastPrice} title="Use the last price">
                Last
              </button>
              <span className="unit">{quote}</span>
            </div>
            <FieldError id="ticket-price-error" message={errors.price} />
          </div>
        ) : (
          <MarketEstimate symbol={symbol} side={side} amount={amount} decimals={decimals} account={account} onPrice={onExpectedFill} />
        )}
        {type === 'limit' || side === 'buy' ? (
          <div className="ticket-options">
            {type === 'limit' ? <LimitOptions rules={rules} postOnly={postOnly} setPostOnly={setPostOnly} timeInForce={timeInForce} setTimeInForce={setTimeInForce} errors={errors} /> : null}
            {side === 'buy' ? <BracketToggle open={showBracket} onToggle={() => setBracketOpen(!showBracket)} /> : null}
          </div>
        ) : null}
        {side === 'buy' && showBracket ? <BracketFields quote={quote ?? ''} takeProfit={takeProfit} setTakeProfit={setTakeProfit} stopLoss={stopLoss} setStopLoss={setStopLoss} errors={errors} /> : null}
        <div className="field">
          <div className="field-head">
            <label htmlFor="ticket-amount">Amount</label>
            <PercentButtons onPick={pickFraction} disabled={!rules || !balances} />
          </div>
          <div className="input-unit">
            <input id="ticket-amount" ref={amountInput} inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={!!errors.amount} aria-describedby="ticket-amount-error" placeholder="0.00" />
            <span className="unit">{base}</span>
          </div>
          <FieldError id="ticket-amount-error" message={errors.amount} />
        </div>
        <OrderPreview amount={parsed(amount)} price={orderPrice} feeRate={feeRate} side={side} quote={quote ?? ''} estimated={type === 'market' && expectedFill !== null} />
        <Balances base={base} quote={quote} account={account} />
        <button type="submit" className={`submit ${side}`} disabled={busy || shown === null || halted || confirming !== null}>
          {side === 'buy' ? 'Buy' : 'Sell'} {base}
          {live ? ' — LIVE' : ''}
        </button>
        {halted ? <p className="field-error">HALTED — no orders until you re-arm.</p> : null}
        <FormProblem message={problem} testId="ticket-error" />
        {current ? (
          <p className={current.status === 'rejected' ? 'form-error' : 'form-ok'} role="status" data-testid="ticket-result">
            {describe(current)}
            {current.status === 'rejected' && current.reason ? `: ${current.reason}` : ''}
            {current.status === 'expired' ? ` (${current.filled > 0 ? 'the part not filled at once was cancelled' : 'nothing could fill at once'})` : ''}
          </p>
        ) : null}
      </form>
      <AccountNote account={account} armed={armed} />
      {confirming ? <LiveConfirm order={confirming} onConfirm={confirmLive} onCancel={() => setConfirming(null)} /> : null}
    </section>
  );
}

const lastOf = (s: Parameters<typeof selectedRow>[0]) => selectedRow(s)?.last ?? null;
/** The last price as the ticket writes it (the market's decimals), '' before the first tick. */
function lastPriceText(s: Parameters<typeof selectedRow>[0]): string {
  const row = selectedRow(s);
  return row?.last !== null && row?.last !== undefined ? row.last.toFixed(row.priceDecimals) : '';
}

/** Writes the last price into a price field's placeholder on each tick (no React render of the field). */
const placeholderPainter = (input: HTMLInputElement) => {
  const placeholder = new LiveAttribute(input, 'placeholder');
  return { paint: (state: Parameters<typeof selectedRow>[0]) => placeholder.set(lastPriceText(state)) };
};

/** A price field showing the last price as its placeholder, written in place as the market ticks. */
function LastPriceInput({ id, value, onChange, invalid, describedBy }: { id: string; value: string; onChange(value: string): void; invalid: boolean; describedBy: string }) {
  const input = useLivePaint(useMarketStore, placeholderPainter, []);
  return <input ref={input} id={id} inputMode="decimal" autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={invalid} aria-describedby={describedBy} />;
}
