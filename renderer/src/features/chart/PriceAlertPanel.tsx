import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { PriceAlertView } from '../../../../core/api/contract/alerts';
import { api } from '../../api/client';
import { describeError, fieldErrors, formError } from '../../api/errors';
import { FormProblem } from '../../app/FormProblem';
import { useMarketStore, usePriceDecimals } from '../../stores/market';
import { useChartToolsStore } from './chart-tools-store';
import { DeletableList } from './DeletableList';
import { alertName } from './DrawingLayer';
import { reloadAlerts } from './useChartTools';

const CONDITIONS: { value: PriceAlertView['direction']; label: string }[] = [
  { value: 'above', label: 'Rises to (above)' },
  { value: 'below', label: 'Falls to (below)' },
  { value: 'crossing', label: 'Crosses' },
];

/** The price as typed, checked like every price field: a plain decimal above 0. */
function priceProblem(text: string): string | null {
  if (text.trim() === '') return 'required';
  return /^\d{1,12}(\.\d{1,12})?$/.test(text.trim()) && Number(text) > 0 ? null : 'a price above 0, such as 64250.5';
}

/** The form itself, opened from the toolbar or by a right-click on the chart (at that price). */
function AlertForm({ symbol, decimals }: { symbol: string; decimals: number }) {
  const initialPrice = useChartToolsStore((s) => s.alertPrice);
  const last = useMarketStore((s) => s.rows.find((row) => row.symbol === symbol)?.last ?? null);
  const [direction, setDirection] = useState<PriceAlertView['direction']>(initialPrice !== null && last !== null && initialPrice < last ? 'below' : 'above');
  const [price, setPrice] = useState(initialPrice !== null ? initialPrice.toFixed(decimals) : '');
  const [repeat, setRepeat] = useState<PriceAlertView['repeat']>('once');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    if (initialPrice !== null) setPrice(initialPrice.toFixed(decimals));
  }, [initialPrice, decimals]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const local = priceProblem(price);
    if (local) {
      setFields({ price: local });
      return;
    }
    try {
      const alert = await api.call('alerts.prices.add', { symbol, direction, price: Number(price.trim()), repeat });
      setFields({});
      setProblem(null);
      setSaved(`Alert set: ${symbol} ${alertName(alert, decimals)}`);
      await reloadAlerts();
    } catch (reason) {
      setFields(fieldErrors(reason));
      setProblem(formError(reason));
    }
  };

  return (
    <form className="price-alert-form chart-form" aria-label="Price alert" onSubmit={(e) => void submit(e)} noValidate>
      <label>
        <span>Condition</span>
        <select value={direction} onChange={(e) => setDirection(e.target.value as PriceAlertView['direction'])}>
          {CONDITIONS.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Alert price</span>
        <input value={price} inputMode="decimal" aria-invalid={fields.price !== undefined} aria-describedby={fields.price ? 'alert-price-error' : undefined} onChange={(e) => setPrice(e.target.value)} />
        {fields.price ? (
          <span id="alert-price-error" className="field-error" role="alert">
            {`Price: ${fields.price}`}
          </span>
        ) : null}
      </label>
      <label>
        <span>Repeat</span>
        <select value={repeat} onChange={(e) => setRepeat(e.target.value as PriceAlertView['repeat'])}>
          <option value="once">Once</option>
          <option value="every">Every time</option>
        </select>
      </label>
      <button type="submit">Create alert</button>
      <FormProblem message={problem} />
      {saved ? <p role="status" className="muted small">{saved}</p> : null}
    </form>
  );
}

/** "Add price alert" in the chart toolbar: the form, and the symbol's alerts with a delete button each. */
export function PriceAlertPanel({ symbol }: { symbol: string }) {
  const open = useChartToolsStore((s) => s.alertFormOpen);
  const { openAlertForm, closeAlertForm } = useChartToolsStore.getState();
  const all = useChartToolsStore((s) => s.alerts);
  const alerts = useMemo(() => all.filter((alert) => alert.symbol === symbol), [all, symbol]);
  const decimals = usePriceDecimals(symbol);
  const [problem, setProblem] = useState<string | null>(null);
  const remove = (id: number) =>
    api
      .call('alerts.prices.remove', { id })
      .then(reloadAlerts)
      .catch((reason: unknown) => setProblem(describeError(reason)));

  return (
    <div className="menu-anchor">
      <button type="button" className="ghost icon-button" aria-label="Add price alert" title="Add price alert (or right-click the chart at a price)" aria-expanded={open} onClick={() => (open ? closeAlertForm() : openAlertForm(null))}>
        {/* A drawn bell, not an emoji: the alarm-clock glyph is missing from common system fonts (a box). */}
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <path d="M8 2 C5.2 2 4 4.2 4 6.5 L4 9.5 L2.5 11.5 L13.5 11.5 L12 9.5 L12 6.5 C12 4.2 10.8 2 8 2 Z M6.5 13 Q8 14.8 9.5 13" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" strokeLinecap="round" />
        </svg>
      </button>
      {alerts.length > 0 ? <span className="muted small">{alerts.filter((a) => a.active).length}</span> : null}
      {open ? (
        <div className="menu menu-right chart-tools-menu" role="dialog" aria-label={`Price alerts on ${symbol}`}>
          <div className="dialog-header">
            <strong>{`Price alerts on ${symbol}`}</strong>
            <button type="button" className="icon" aria-label="Close price alerts" onClick={closeAlertForm}>
              ×
            </button>
          </div>
          <AlertForm symbol={symbol} decimals={decimals} />
          <DeletableList
            label={`Alerts on ${symbol}`}
            items={alerts.map((alert) => ({
              key: alert.id,
              name: alertName(alert, decimals),
              note: alert.active ? (alert.fireCount > 0 ? `fired ${alert.fireCount}×` : 'armed') : 'fired',
              deleteLabel: `Delete alert ${alertName(alert, decimals)}`,
            }))}
            onDelete={(id) => void remove(id)}
          />
          <FormProblem message={problem} />
        </div>
      ) : null}
    </div>
  );
}
