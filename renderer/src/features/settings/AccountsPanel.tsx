import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AccountView } from '../../../../core/api/contract/accounts';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { isCommandName } from '../../../../core/api/contract/index';
import { useAccountsStore } from '../../stores/accounts';
import { useHostStore } from '../../stores/host';
import { ArmAccount } from './ArmAccount';

const POPULAR_EXCHANGES = ['binance', 'kraken', 'coinbase', 'bybit', 'okx'];


interface CredentialFields {
  apiKey: string;
  apiSecret: string;
  passphrase: string;
}

function CredentialInputs({ values, onChange, idPrefix }: { values: CredentialFields; onChange(values: CredentialFields): void; idPrefix: string }) {
  return (
    <>
      <label htmlFor={`${idPrefix}-key`}>API key</label>
      <input id={`${idPrefix}-key`} autoComplete="off" spellCheck={false} value={values.apiKey} onChange={(e) => onChange({ ...values, apiKey: e.target.value })} />
      <label htmlFor={`${idPrefix}-secret`}>API secret</label>
      <input id={`${idPrefix}-secret`} type="password" autoComplete="off" value={values.apiSecret} onChange={(e) => onChange({ ...values, apiSecret: e.target.value })} />
      <label htmlFor={`${idPrefix}-passphrase`}>Passphrase</label>
      <input
        id={`${idPrefix}-passphrase`}
        type="password"
        autoComplete="off"
        placeholder="only if the exchange uses one"
        value={values.passphrase}
        onChange={(e) => onChange({ ...values, passphrase: e.target.value })}
      />
    </>
  );
}

const EMPTY: CredentialFields = { apiKey: '', apiSecret: '', passphrase: '' };

/** Settings → Accounts. Secrets go to the keychain through the core; only a masked key ever comes back. */
export function AccountsPanel() {
  const keychain = useHostStore((s) => s.status?.keychain);
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [exchange, setExchange] = useState('binance');
  const [label, setLabel] = useState('');
  const [sandbox, setSandbox] = useState(false);
  const [baseUrl, setBaseUrl] = useState('');
  const [credentials, setCredentials] = useState<CredentialFields>(EMPTY);
  const [replacing, setReplacing] = useState<number | null>(null);
  const [replacement, setReplacement] = useState<CredentialFields>(EMPTY);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [exchanges, setExchanges] = useState(POPULAR_EXCHANGES.map((id) => ({ id, name: id, featured: true })));

  const refresh = useCallback(async () => {
    try {
      const list = await api.call('accounts.list', {});
      setAccounts(list);
      useAccountsStore.setState({ accounts: list, error: null });
    } catch (reason) {
      setMessage({ kind: 'error', text: describeError(reason) });
    }
  }, []);
  useEffect(() => void refresh(), [refresh]);
  useEffect(() => {
    if (!isCommandName('exchanges.list')) return;
    api
      .call('exchanges.list', {})
      .then((list) => setExchanges(list.map((e) => ({ id: e.id, name: e.name, featured: e.featured }))))
      .catch(() => undefined); // the datalist keeps the popular ids; typing any ccxt id still works
  }, []);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    try {
      const account = await api.call('accounts.add', {
        exchange: exchange.trim(),
        label,
        apiKey: credentials.apiKey,
        apiSecret: credentials.apiSecret,
        ...(credentials.passphrase ? { passphrase: credentials.passphrase } : {}),
        sandbox,
        ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
      });
      setCredentials(EMPTY);
      setLabel('');
      setMessage({ kind: 'ok', text: `Saved ${account.exchange}:${account.label}. The secret is in your OS keychain.` });
      await refresh();
    } catch (reason) {
      setMessage({ kind: 'error', text: describeError(reason) });
    }
  };

  // Keys typed for one account never stay behind for another (or for a second try on the same one).
  const openReplace = (id: number | null) => {
    setReplacing(id);
    setReplacement(EMPTY);
  };

  const replace = async (id: number) => {
    try {
      await api.call('accounts.replaceCredentials', {
        id,
        apiKey: replacement.apiKey,
        apiSecret: replacement.apiSecret,
        ...(replacement.passphrase ? { passphrase: replacement.passphrase } : {}),
      });
      openReplace(null);
      setMessage({ kind: 'ok', text: 'Keys replaced.' });
      await refresh();
    } catch (reason) {
      setMessage({ kind: 'error', text: describeError(reason) });
    }
  };

  const remove = async (account: AccountView) => {
    if (!window.confirm(`Delete ${account.exchange}:${account.label} and its keys from the keychain?`)) return;
    try {
      await api.call('accounts.remove', { id: account.id });
      setMessage({ kind: 'ok', text: `Deleted ${account.exchange}:${account.label}.` });
      await refresh();
    } catch (reason) {
      setMessage({ kind: 'error', text: describeError(reason) });
    }
  };

  return (
    <section className="accounts" aria-label="Accounts">
      <h3>Accounts</h3>
      {keychain && !keychain.ok ? (
        <p role="alert" className="notice warn">
          Paper trading only: {keychain.message}
        </p>
      ) : null}
      {accounts.length === 0 ? <p className="muted">No exchange account — trading on paper. Add one below to trade live or watch private data.</p> : null}
      {accounts.length > 0 ? (
        <table className="grid-table">
          <thead>
            <tr>
              <th scope="col">Exchange</th>
              <th scope="col">Label</th>
              <th scope="col">Key</th>
              <th scope="col">Sandbox</th>
              <th scope="col">Mode</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.id} data-account={`${account.exchange}:${account.label}`}>
                <td>{account.exchange}</td>
                <td>{account.label}</td>
                <td>
                  <span className="mono" data-testid="masked-key">{account.maskedKey ?? 'no key'}</span>
                  {account.keyPermissions === 'unknown' ? (
                    <span className="badge warn" title={`${account.exchange} does not report what a key may do: Halyard cannot check that it cannot withdraw`}>
                      {' '}permissions unknown
                    </span>
                  ) : null}
                </td>
                <td>{account.sandbox ? 'yes' : 'no'}</td>
                <td>{account.mode.toUpperCase()}</td>
                <td className="actions">
                  {replacing === account.id ? (
                    <form
                      className="inline-form"
                      onSubmit={(e) => {
                        e.preventDefault();
                        void replace(account.id);
                      }}
                    >
                      <CredentialInputs values={replacement} onChange={setReplacement} idPrefix={`replace-${account.id}`} />
                      <button type="submit">Save keys</button>
                      <button type="button" onClick={() => openReplace(null)}>
                        Cancel
                      </button>
                    </form>
                  ) : (
                    <button type="button" onClick={() => openReplace(account.id)}>
                      Replace keys
                    </button>
                  )}
                  {isCommandName('accounts.arm') ? (
                    <ArmAccount
                      account={account}
                      onStarted={() => setMessage(null)}
                      onChanged={(result) => {
                        setMessage(result);
                        void refresh();
                      }}
                    />
                  ) : null}
                  <button type="button" className="danger" onClick={() => void remove(account)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form className="form-grid" onSubmit={(e) => void add(e)} aria-label="Add exchange account">
        <label htmlFor="account-exchange">Exchange</label>
        <input id="account-exchange" list="exchange-ids" value={exchange} onChange={(e) => setExchange(e.target.value)} autoComplete="off" />
        <datalist id="exchange-ids">
          {[...exchanges.filter((e) => e.featured), ...exchanges.filter((e) => !e.featured)].map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </datalist>
        <label htmlFor="account-label">Label</label>
        <input id="account-label" value={label} onChange={(e) => setLabel(e.target.value)} placeholder="e.g. main" />
        <CredentialInputs values={credentials} onChange={setCredentials} idPrefix="account" />
        <label htmlFor="account-sandbox">Sandbox</label>
        <input id="account-sandbox" type="checkbox" checked={sandbox} onChange={(e) => setSandbox(e.target.checked)} />
        <label htmlFor="account-base-url">REST base URL</label>
        <input id="account-base-url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="optional (proxy or test stub)" />
        <span />
        <button type="submit">Add account</button>
      </form>
      {message ? (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'ok'}>
          {message.text}
        </p>
      ) : null}
      <p className="muted small">
        Use trade-only API keys without withdrawal permission, restricted to your IP where the exchange allows it. Keys are stored in your OS keychain, never in Halyard's
        database or logs.
      </p>
    </section>
  );
}
