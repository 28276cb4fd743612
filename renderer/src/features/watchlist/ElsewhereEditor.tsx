import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { exchangeName } from '../../app/venue';
import { FormProblem } from '../../app/FormProblem';
import { useAccountsStore } from '../../stores/accounts';
import { useHostStore } from '../../stores/host';
import { useMarketStore } from '../../stores/market';

const COMMON = ['binance', 'kraken', 'coinbase', 'bybit', 'okx'];

/**
 * Watches symbols of other exchanges than the chart's beside its list ("BTC/USDT · Kraken"): each from
 * that venue's own feed, reached like a configured account there. The core opens the feed and checks
 * the symbol is listed; a refusal is shown here, the list unchanged.
 */
export function ElsewhereEditor() {
  const rows = useMarketStore((s) => s.rows);
  const elsewhere = useMarketStore((s) => s.elsewhere);
  const chartExchange = useHostStore((s) => s.status?.dataSource.exchange ?? null);
  const accounts = useAccountsStore((s) => s.accounts);
  const offered = [...new Set([...(accounts ?? []).map((account) => account.exchange), ...COMMON])].filter((exchange) => exchange !== chartExchange);
  const [exchange, setExchange] = useState(offered[0] ?? '');
  const [symbol, setSymbol] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => void useAccountsStore.getState().refresh(), []);
  const entries = elsewhere.map((row) => ({ exchange: row.exchange ?? '', symbol: row.symbol }));

  const save = async (next: { exchange: string; symbol: string }[]) => {
    setBusy(true);
    setProblem(null);
    try {
      useMarketStore.getState().setRows(await api.call('market.watchlist.set', { symbols: rows.map((row) => row.symbol), elsewhere: next }));
      setSymbol('');
    } catch (reason) {
      setProblem(describeError(reason).replace(/^elsewhere[^:]*: /, ''));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className="watchlist-elsewhere">
      <legend className="field-label">Watch on another exchange</legend>
      <div className="elsewhere-add">
        <select aria-label="Exchange" value={exchange} onChange={(e) => setExchange(e.target.value)}>
          {offered.map((id) => (
            <option key={id} value={id}>
              {exchangeName(id)}
            </option>
          ))}
        </select>
        <input aria-label="Symbol on that exchange" placeholder="BTC/USDT" value={symbol} onChange={(e) => setSymbol(e.target.value.toUpperCase())} spellCheck={false} autoComplete="off" />
        <button type="button" className="small-btn" disabled={busy || !exchange || !/^[A-Z0-9]+\/[A-Z0-9]+$/.test(symbol)} onClick={() => void save([...entries, { exchange, symbol }])}>
          Watch
        </button>
      </div>
      <FormProblem message={problem} />
      <ul className="watchlist-order" aria-label="Other exchanges’ symbols">
        {entries.map((entry) => (
          <li key={`${entry.exchange}:${entry.symbol}`}>
            <span className="order-symbol">{`${entry.symbol} · ${exchangeName(entry.exchange)}`}</span>
            <button type="button" className="icon" disabled={busy} onClick={() => void save(entries.filter((other) => other !== entry))} aria-label={`Remove ${entry.symbol} · ${exchangeName(entry.exchange)}`} title="Stop watching it">
              ×
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
