import { useEffect, useState, type FormEvent } from 'react';
import type { PriceAlertView } from '../../../../../core/api/contract/alerts';
import { api } from '../../../api/client';
import { describeError, fieldErrors, formError } from '../../../api/errors';
import { describedBy, FieldError } from '../../../app/forms/FieldRow';
import { formatDateTime, formatPrice } from '../../../app/format';
import { useMarketStore } from '../../../stores/market';
import { PanelNote, useAlertsList } from './shared';

/** The form's fields by the core's issue paths: a refusal of one is said beside it. */
const FIELDS = ['symbol', 'direction', 'price', 'repeat'] as const;
const shownBeside = (path: string) => (FIELDS as readonly string[]).includes(path);

const WORDS: Record<PriceAlertView['direction'], string> = { above: 'rises to', below: 'falls to', crossing: 'crosses' };

/** Price alerts (once or every time), through the channels routed for "Price alerts", when the price gets there. */
export function PriceAlerts() {
  const rows = useMarketStore((s) => s.rows);
  const { items: alerts, refresh, message, setMessage } = useAlertsList<PriceAlertView>(() => api.call('alerts.prices.list', {}), (entry) => entry.kind === 'price_alerts');
  const [symbol, setSymbol] = useState('BTC/USDT');
  const [direction, setDirection] = useState<PriceAlertView['direction']>('above');
  const [repeat, setRepeat] = useState<PriceAlertView['repeat']>('once');
  const [price, setPrice] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A firing is a delivery only where a channel is routed for price alerts: with none, the core's own event says it.
  useEffect(() => api.on('alerts.priceFired', () => void refresh()), [refresh]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const value = Number(price);
    if (!/^\d+(\.\d+)?$/.test(price.trim()) || !(value > 0)) {
      setErrors({ price: 'a positive number such as 70000' });
      setMessage(null);
      return;
    }
    try {
      await api.call('alerts.prices.add', { symbol, direction, price: value, repeat });
      setPrice('');
      setErrors({});
      setMessage(null);
      await refresh();
    } catch (reason) {
      // Each refused field beside it (what was typed stays); only what belongs to no field under the form.
      setErrors(fieldErrors(reason));
      const rest = formError(reason, shownBeside);
      setMessage(rest === null ? null : { kind: 'error', text: rest });
    }
  };
  const remove = async (id: number) => {
    await api.call('alerts.prices.remove', { id }).catch((reason: unknown) => setMessage({ kind: 'error', text: describeError(reason) }));
    await refresh();
  };

  return (
    <section aria-label="Price alerts" className="price-alerts">
      <h3>Price alerts</h3>
      <form className="inline-form price-alert-form" onSubmit={(e) => void add(e)} aria-label="Add price alert">
        <select aria-label="Symbol" value={symbol} onChange={(e) => setSymbol(e.target.value)} {...describedBy('price-alert-symbol', errors.symbol)}>
          {(rows.length > 0 ? rows.map((r) => r.symbol) : [symbol]).map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <FieldError id="price-alert-symbol-error" message={errors.symbol} />
        <select aria-label="Direction" value={direction} onChange={(e) => setDirection(e.target.value as PriceAlertView['direction'])} {...describedBy('price-alert-direction', errors.direction)}>
          <option value="above">rises to</option>
          <option value="below">falls to</option>
          <option value="crossing">crosses</option>
        </select>
        <FieldError id="price-alert-direction-error" message={errors.direction} />
        <input aria-label="Alert price" value={price} onChange={(e) => setPrice(e.target.value)} inputMode="decimal" placeholder="price" autoComplete="off" {...describedBy('price-alert-price', errors.price)} />
        <FieldError id="price-alert-price-error" message={errors.price} />
        <select aria-label="Repeat" value={repeat} onChange={(e) => setRepeat(e.target.value as PriceAlertView['repeat'])} {...describedBy('price-alert-repeat', errors.repeat)}>
          <option value="once">once</option>
          <option value="every">every time</option>
        </select>
        <FieldError id="price-alert-repeat-error" message={errors.repeat} />
        <button type="submit">Add price alert</button>
      </form>
      {alerts.length > 0 ? (
        <ul className="check-list">
          {alerts.map((alert) => (
            <li key={alert.id}>
              {alert.symbol} {WORDS[alert.direction]} <span className="mono">{formatPrice(alert.price, rows.find((r) => r.symbol === alert.symbol)?.priceDecimals ?? 2)}</span>{' '}
              {alert.repeat === 'every' ? '(every time)' : '(once)'}{' '}
              <span className="muted small" data-testid="price-alert-state">
                {alert.triggeredAt ? `fired ${formatDateTime(alert.triggeredAt)} UTC` : 'armed'}
              </span>{' '}
              <button type="button" className="small-btn" onClick={() => void remove(alert.id)} aria-label={`Remove price alert ${alert.symbol} ${alert.direction} ${alert.price}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No price alert.</p>
      )}
      <PanelNote message={message} />
    </section>
  );
}
