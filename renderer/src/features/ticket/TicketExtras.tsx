import type { TicketRulesView } from '../../../../core/api/contract/trading';
import { formatPrice, QUOTE_DECIMALS } from '../../app/format';
import { FieldError } from '../../app/forms/FieldRow';
import { preview } from './ticket-math';

const FRACTIONS = [0.25, 0.5, 0.75, 1] as const;

/** 25 / 50 / 75 / 100 % of the available balance (a buy: of the quote at the price incl. fees; a sell: of the base). */
export function PercentButtons({ onPick, disabled }: { onPick(fraction: number): void; disabled: boolean }) {
  return (
    <div className="percent-buttons" role="group" aria-label="Share of available balance">
      {FRACTIONS.map((fraction) => (
        <button key={fraction} type="button" className="small-btn" disabled={disabled} onClick={() => onPick(fraction)}>
          {fraction * 100}%
        </button>
      ))}
    </div>
  );
}

/** Cost, fee and total before sending, in the quote currency at the market's precision. */
export function OrderPreview({ amount, price, feeRate, side, quote, estimated }: { amount: number | null; price: number | null; feeRate: number; side: 'buy' | 'sell'; quote: string; estimated: boolean }) {
  if (amount === null || price === null || !(amount > 0) || !(price > 0)) return null;
  const { cost, fee, total } = preview(amount, price, feeRate, side);
  const money = (value: number) => `${formatPrice(value, QUOTE_DECIMALS)} ${quote}`;
  return (
    <dl className="order-preview small" aria-label="Order preview" data-testid="order-preview">
      <div>
        <dt>Cost{estimated ? ' (expected fill)' : ''}</dt>
        <dd className="num" data-testid="preview-cost">{money(cost)}</dd>
      </div>
      <div>
        <dt>Fee ({formatPrice(feeRate * 100, feeRate * 100 < 0.1 ? 3 : 2)} %)</dt>
        <dd className="num" data-testid="preview-fee">{money(fee)}</dd>
      </div>
      <div>
        <dt>{side === 'buy' ? 'Total' : 'You receive'}</dt>
        <dd className="num" data-testid="preview-total">{money(total)}</dd>
      </div>
    </dl>
  );
}

export type TimeInForce = 'GTC' | 'IOC' | 'FOK';
const TIF_TITLE: Record<TimeInForce, string> = { GTC: 'Good till cancelled', IOC: 'Immediate or cancel: what fills at once, the rest is cancelled', FOK: 'Fill or kill: all at once, or nothing' };

/** Post-only and time in force of a limit order, offered only where the market takes them. */
export function LimitOptions(props: { rules: TicketRulesView | null; postOnly: boolean; setPostOnly(value: boolean): void; timeInForce: TimeInForce; setTimeInForce(value: TimeInForce): void; errors: Record<string, string> }) {
  const { rules, postOnly, timeInForce, errors } = props;
  const choices = rules?.timeInForce ?? ['GTC'];
  return (
    <>
      {rules?.postOnly ? (
        <label className="check">
          <input type="checkbox" checked={postOnly} onChange={(e) => props.setPostOnly(e.target.checked)} aria-describedby="ticket-postonly-error" />
          Post-only
        </label>
      ) : null}
      {choices.length > 1 ? (
        <div className="field inline-field">
          <label htmlFor="ticket-tif">Time in force</label>
          <select id="ticket-tif" title={TIF_TITLE[timeInForce]} value={timeInForce} disabled={postOnly} onChange={(e) => props.setTimeInForce(e.target.value as TimeInForce)} aria-describedby="ticket-tif-error">
            {choices.map((tif) => (
              <option key={tif} value={tif} title={TIF_TITLE[tif]}>
                {tif}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <FieldError id="ticket-postonly-error" message={errors.postOnly} />
      <FieldError id="ticket-tif-error" message={errors.timeInForce} />
    </>
  );
}

/** One price field of the bracket, its error beside it. */
function BracketField({ id, label, quote, value, onChange, error }: { id: string; label: string; quote: string; value: string; onChange(value: string): void; error: string | undefined }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="input-unit">
        <input id={id} inputMode="decimal" autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={!!error} aria-describedby={`${id}-error`} />
        <span className="unit">{quote}</span>
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** Shows or folds the bracket's fields (they stay open while they hold a value or an error). */
export function BracketToggle({ open, onToggle }: { open: boolean; onToggle(): void }) {
  return (
    <button type="button" className="link-button small" aria-expanded={open} aria-controls="ticket-bracket" onClick={onToggle}>
      {open ? '− ' : '+ '}Take profit / stop loss
    </button>
  );
}

/** A buy's bracket: the position's take profit and stop loss (its exits once it fills). */
export function BracketFields(props: { quote: string; takeProfit: string; setTakeProfit(value: string): void; stopLoss: string; setStopLoss(value: string): void; errors: Record<string, string> }) {
  const { quote, errors } = props;
  return (
    <div id="ticket-bracket" className="bracket-fields">
      <BracketField id="ticket-tp" label="Take profit" quote={quote} value={props.takeProfit} onChange={props.setTakeProfit} error={errors.takeProfit} />
      <BracketField id="ticket-sl" label="Stop loss" quote={quote} value={props.stopLoss} onChange={props.setStopLoss} error={errors.stopLoss} />
    </div>
  );
}
