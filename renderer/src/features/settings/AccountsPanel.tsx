import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { AccountView } from '../../../../core/api/contract/accounts';
import { api } from '../../api/client';
import { describeError, fieldErrors, formError } from '../../api/errors';
import { TextRow } from '../../app/forms/FieldRow';
import { isCommandName } from '../../../../core/api/contract/index';
import { useAccountsStore } from '../../stores/accounts';
import { useHostStore } from '../../stores/host';
import { ArmAccount } from './ArmAccount';

const POPULAR_EXCHANGES = ['binance', 'kraken', 'coinbase', 'bybit', 'okx'];

/** The arguments each form shows beside a field of its own: the core's message for them is said there, not under the form. */
const CREDENTIAL_FIELDS = ['apiKey', 'apiSecret', 'passphrase'];
const ACCOUNT_FIELDS = ['exchange', 'label', ...CREDENTIAL_FIELDS, 'baseUrl'];

interface CredentialFields {
  apiKey: string;
  apiSecret: string;
  passphrase: string;
}

function CredentialInputs({ values, onChange, idPrefix, errors }: { values: CredentialFields; onChange(values: CredentialFields): void; idPrefix: string; errors: Record<string, string> }) {
  return (
    <>
      <TextRow id={`${idPrefix}-key`} label="API key" error={errors['apiKey']} spellCheck={false} value={values.apiKey} onChange={(apiKey) => onChange({ ...values, apiKey })} />
      <TextRow id={`${idPrefix}-secret`} label="API secret" error={errors['apiSecret']} type="password" value={values.apiSecret} onChange={(apiSecret) => onChange({ ...values, apiSecret })} />
      <TextRow
        id={`${idPrefix}-passphrase`}
        label="Passphrase"
        error={errors['passphrase']}
        type="password"
        placeholder="only if the exchange uses one"
        value={values.passphrase}
        onChange={(passphrase) => onChange({ ...values, passphrase })}
      />
    </>
  );
}

const EMPTY: CredentialFields = { apiKey: '', apiSecret: '', passphrase: '' };

/** Settings → Accounts. Secrets go to the keychain through the core; only a masked key ever comes back. */
export function AccountsPanel() {
  const keychain = useHostStore((s) => s.status?.keychain);
  // null until the core has answered: an armed account must never read as "no exchange account" meanwhile.
  const [accounts, setAccounts] = useState<AccountView[] | null>(null);
  const [exchange, setExchange] = useState('binance');
  const [label, setLabel] = useState('');
  const [sandbox, setSandbox] = useState(false);
  const [baseUrl, setBaseUrl] = useState('');
  const [credentials, setCredentials] = useState<CredentialFields>(EMPTY);
  const [replacing, setReplacing] = useState<number | null>(null);
  const [replacement, setReplacement] = useState<CredentialFields>(EMPTY);
  // The core's messages for the fields of the add form and of the open Replace keys form.
  const [addErrors, setAddErrors] = useState<Record<string, string>>({});
  const [replaceErrors, setReplaceErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [exchanges, setExchanges] = useState(POPULAR_EXCHANGES.map((id) => ({ id, name: id, featured: true })));
  // One Add at a time: a second click while the keychain is still writing would only be refused ("already exists").
  const adding = useRef(false);
  const [busy, setBusy] = useState(false);

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

  /** What no field shows goes under the forms; nothing when the fields said it all. */
  const failed = (problem: string | null) => setMessage(problem === null ? null : { kind: 'error', text: problem });

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (adding.current) return;
    adding.current = true;
    setBusy(true);
    setMessage(null);
    setAddErrors({});
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
      setAddErrors(fieldErrors(reason));
      failed(formError(reason, (path) => ACCOUNT_FIELDS.includes(path)));
    } finally {
      adding.current = false;
      setBusy(false);
    }
  };

  // Keys typed for one account never stay behind for another (or for a second try on the same one).
  const openReplace = (id: number | null) => {
    setReplacing(id);
    setReplacement(EMPTY);
    setReplaceErrors({});
  };

  const replace = async (id: number) => {
    setReplaceErrors({});
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
      setReplaceErrors(fieldErrors(reason));
      failed(formError(reason, (path) => CREDENTIAL_FIELDS.includes(path)));
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
      {accounts === null ? (
        <p className="muted" data-testid="accounts-loading">
          Reading your accounts…
        </p>
      ) : null}
      {accounts?.length === 0 ? <p className="muted">No exchange account — trading on paper. Add one below to trade live or watch private data.</p> : null}
      {accounts && accounts.length > 0 ? (
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
                      <CredentialInputs values={replacement} onChange={setReplacement} idPrefix={`replace-${account.id}`} errors={replaceErrors} />
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
        <TextRow id="account-exchange" label="Exchange" error={addErrors['exchange']} list="exchange-ids" value={exchange} onChange={setExchange} />
        <datalist id="exchange-ids">
          {[...exchanges.filter((e) => e.featured), ...exchanges.filter((e) => !e.featured)].map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </datalist>
        <TextRow id="account-label" label="Label" error={addErrors['label']} placeholder="e.g. main" value={label} onChange={setLabel} />
        <CredentialInputs values={credentials} onChange={setCredentials} idPrefix="account" errors={addErrors} />
        <label htmlFor="account-sandbox">Sandbox</label>
        <input id="account-sandbox" type="checkbox" checked={sandbox} onChange={(e) => setSandbox(e.target.checked)} />
        <TextRow id="account-base-url" label="REST base URL" error={addErrors['baseUrl']} placeholder="optional (proxy or test stub)" value={baseUrl} onChange={setBaseUrl} />
        <span />
        <button type="submit" disabled={busy}>
          Add account
        </button>
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
