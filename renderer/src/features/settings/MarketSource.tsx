import { useEffect, useState, type FormEvent } from 'react';
import type { ExchangeListingView } from '../../../../core/api/contract/exchanges';
import { api } from '../../api/client';
import { describeError, fieldErrors } from '../../api/errors';
import { useHostStore } from '../../stores/host';

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
      const list = symbols.split(/[\s,]+/).map((s) => s.trim().toUpperCase()).filter(Boolean);
      const result = await api.call(
        'market.setSource',
        kind === 'simulated' ? { kind } : { kind, exchange: exchange.trim(), sandbox, ...(list.length ? { symbols: list } : {}), ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}) },
      );
      setMessage(result.fallback ? { kind: 'warn', text: `${result.fallback} — showing ${result.label}.` } : { kind: 'ok', text: `Now showing ${result.label}.` });
    } catch (reason) {
      setErrors(fieldErrors(reason));
      setMessage({ kind: 'error', text: describeError(reason) });
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
          <label htmlFor="ms-exchange">Market exchange</label>
          <select id="ms-exchange" value={exchange} onChange={(e) => setExchange(e.target.value)}>
            {featured.length ? (
              <optgroup label="Featured">
                {featured.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name}
                    {e.websocket ? '' : ' (polling)'}
                  </option>
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
          <label htmlFor="ms-symbols">Symbols</label>
          <input id="ms-symbols" value={symbols} onChange={(e) => setSymbols(e.target.value)} placeholder="BTC/USDT, ETH/USDT, SOL/USDT" aria-invalid={!!errors.symbols} />
          <label htmlFor="ms-sandbox">Testnet</label>
          <input id="ms-sandbox" type="checkbox" checked={sandbox} onChange={(e) => setSandbox(e.target.checked)} />
          <label htmlFor="ms-base">REST base URL</label>
          <input id="ms-base" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="optional (proxy or test stub)" aria-invalid={!!errors.baseUrl} />
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
