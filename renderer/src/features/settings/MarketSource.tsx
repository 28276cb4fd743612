import { useEffect, useState, type FormEvent } from 'react';
import type { ExchangeListingView } from '../../../../core/api/contract/exchanges';
import { api } from '../../api/client';
import { fieldErrors, formError } from '../../api/errors';
import { describedBy, FieldRow, TextRow } from '../../app/forms/FieldRow';
import { useHostStore } from '../../stores/host';

/** The arguments this form shows beside a field of its own (a symbol of the list: beside Symbols). */
const SHOWN = ['exchange', 'symbols', 'baseUrl'];

/** Symbols typed into one field, as typed: `symbols` is sent as these, upper-cased. */
const typedSymbols = (text: string) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

/** Where prices come from: the simulated market, or an exchange's public data (no account needed). */
export function MarketSource() {
  const source = useHostStore((s) => s.status?.dataSource);
  const [exchanges, setExchanges] = useState<ExchangeListingView[]>([]);
  const [kind, setKind] = useState<'simulated' | 'exchange'>(source?.kind === 'exchange' ? 'exchange' : 'simulated');
  const [exchange, setExchange] = useState(source?.exchange ?? 'binance');
  const [symbols, setSymbols] = useState('');
  const [sandbox, setSandbox] = useState(false);
  const [baseUrl, setBaseUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error' | 'warn'; text: string } | null>(null);

  useEffect(() => {
    api.call('exchanges.list', {}).then(setExchanges).catch(() => setExchanges([]));
  }, []);

  const apply = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const list = typedSymbols(symbols).map((s) => s.toUpperCase());
      const result = await api.call(
        'market.setSource',
        kind === 'simulated' ? { kind } : { kind, exchange: exchange.trim(), sandbox, ...(list.length ? { symbols: list } : {}), ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}) },
      );
      setMessage(result.fallback ? { kind: 'warn', text: `${result.fallback} — showing ${result.label}.` } : { kind: 'ok', text: `Now showing ${result.label}.` });
    } catch (reason) {
      // Each field's problem beside it, naming the symbol at fault; under the form only what no field shows.
      const lists = { symbols: typedSymbols(symbols) };
      setErrors(fieldErrors(reason, lists));
      const rest = formError(reason, (path) => SHOWN.includes(path), lists);
      setMessage(rest ? { kind: 'error', text: rest } : null);
    } finally {
      setBusy(false);
    }
  };

  const featured = exchanges.filter((e) => e.featured);
  const others = exchanges.filter((e) => !e.featured);
  return (
    <form className="settings-form" onSubmit={(e) => void apply(e)} aria-label="Market data source" noValidate>
      <p className="muted small">
        Now: <b>{source?.label ?? '…'}</b>. Public market data needs no account; trading stays on paper until you arm a live account.
      </p>
      <fieldset className="segmented">
        <legend className="field-label">Source</legend>
        <label className={kind === 'simulated' ? 'active' : undefined}>
          <input type="radio" name="market-source" checked={kind === 'simulated'} onChange={() => setKind('simulated')} />
          Simulated market
        </label>
        <label className={kind === 'exchange' ? 'active' : undefined}>
          <input type="radio" name="market-source" checked={kind === 'exchange'} onChange={() => setKind('exchange')} />
          Exchange (live)
        </label>
      </fieldset>
      {kind === 'exchange' ? (
        <div className="form-grid">
          <FieldRow id="ms-exchange" label="Market exchange" error={errors['exchange']}>
            <select id="ms-exchange" value={exchange} onChange={(e) => setExchange(e.target.value)} {...describedBy('ms-exchange', errors['exchange'])}>
              {featured.length ? (
                <optgroup label="Featured">
                  {featured.map((e) => (
                    <option key={e.id} value={e.id}>{`${e.name}${e.websocket ? '' : ' (polling)'}`}</option>
                  ))}
                </optgroup>
              ) : (
                <option value={exchange}>{exchange}</option>
              )}
              {others.length ? (
                <optgroup label="All ccxt exchanges">
                  {others.map((e) => (
                    <option key={e.id} value={e.id}>
                      {e.name}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </select>
          </FieldRow>
          <TextRow id="ms-symbols" label="Symbols" error={errors['symbols']} placeholder="BTC/USDT, ETH/USDT, SOL/USDT" value={symbols} onChange={setSymbols} />
          <label htmlFor="ms-sandbox">Testnet</label>
          <input id="ms-sandbox" type="checkbox" checked={sandbox} onChange={(e) => setSandbox(e.target.checked)} />
          <TextRow id="ms-base" label="REST base URL" error={errors['baseUrl']} placeholder="optional (proxy or test stub)" value={baseUrl} onChange={setBaseUrl} />
        </div>
      ) : null}
      <div className="button-row">
        <button type="submit" className="small-btn primary" disabled={busy}>
          {busy ? 'Connecting…' : 'Use this source'}
        </button>
        {message ? (
          <span role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'ok' ? 'ok small' : message.kind === 'warn' ? 'warn-text small' : 'form-error small'}>
            {message.text}
          </span>
        ) : null}
      </div>
    </form>
  );
}
