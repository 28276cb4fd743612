import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { StrategyConfigView } from '../../../../core/api/contract/live-strategies';
import { api } from '../../api/client';
import { fieldErrors, formError } from '../../api/errors';
import { initialValues, SchemaForm, showsParam, toParams, type FormValues, type JsonObjectSchema } from '../../app/forms/SchemaForm';
import { useAccountsStore } from '../../stores/accounts';
import { useBacktestStore } from '../../stores/backtest';
import { useMarketStore } from '../../stores/market';
import { useDraftsStore, type StrategyDraft } from '../../stores/drafts';
import { useStrategiesStore } from '../../stores/strategies';
import { FormProblem } from '../../app/FormProblem';
import { useDescribed } from './useStrategies';

/**
 * Creates or edits a strategy configuration: name, strategy, symbols, parameters (form from the
 * strategy's schema). Saving makes a new version in the core, which validates the parameters.
 */
export function StrategyEditor({ config, initialStrategy, onDone }: { config?: StrategyConfigView; initialStrategy?: string; onDone(): void }) {
  const strategies = useBacktestStore((s) => s.strategies) ?? [];
  const rows = useMarketStore((s) => s.rows);
  // What is typed outlives a switch to another workspace tab (which unmounts this one) until saved or cancelled.
  const draftKey = config ? `${config.name} v${config.version}` : 'new';
  const [kept] = useState(() => useDraftsStore.getState().editors[draftKey]);
  const [draft, setDraft] = useState<StrategyDraft>(() => {
    if (kept) return kept;
    const strategy = config?.strategy ?? initialStrategy ?? strategies[0]?.name ?? '';
    const first = strategies.find((s) => s.name === strategy);
    const values = initialValues((first?.paramsSchema ?? {}) as JsonObjectSchema, config?.params ?? ((first?.defaults ?? {}) as Record<string, unknown>));
    // Paper, or a live account from Settings → Accounts (the core refuses to run on one that is not armed).
    return { name: config?.name ?? '', strategy, values, symbols: config?.symbols ?? [], enabled: config?.enabled ?? false, account: config?.account ?? 'paper' };
  });
  useEffect(() => useDraftsStore.getState().keepEditor(draftKey, draft), [draftKey, draft]);
  const { name, strategy, values, symbols, enabled, account } = draft;
  const change = (patch: Partial<StrategyDraft>) => setDraft((was) => ({ ...was, ...patch }));
  const setValues = (next: FormValues) => change({ values: next });
  const done = () => {
    useDraftsStore.getState().dropEditor(draftKey);
    onDone();
  };
  const info = strategies.find((s) => s.name === strategy);
  const schema = useMemo(() => (info?.paramsSchema ?? {}) as JsonObjectSchema, [info]);
  const accounts = useAccountsStore((s) => s.accounts) ?? [];
  useEffect(() => {
    void useAccountsStore.getState().refresh();
  }, []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const unreadable = useDescribed(strategy);
  // A file's real parameter form arrives once it has been read: start from its defaults then.
  const described = info?.described ?? true;
  useEffect(() => {
    if (described && info && !info.builtin && !config && !kept) change({ values: initialValues((info.paramsSchema ?? {}) as JsonObjectSchema, (info.defaults ?? {}) as Record<string, unknown>) });
  }, [described, info, config, kept]);

  const changeStrategy = (next: string) => {
    const nextInfo = strategies.find((s) => s.name === next);
    change({ strategy: next, values: initialValues((nextInfo?.paramsSchema ?? {}) as JsonObjectSchema, (nextInfo?.defaults ?? {}) as Record<string, unknown>) });
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setProblem(null);
    try {
      await api.call('strategies.save', { name, strategy, params: toParams(schema, values), symbols, enabled, account, ...(config ? {} : { create: true }) });
      useStrategiesStore.getState().setConfigs(await api.call('strategies.configs', {}));
      done();
    } catch (reason) {
      setErrors(fieldErrors(reason));
      setProblem(formError(reason, (path) => ['name', 'account', 'symbols'].includes(path) || showsParam(schema, path)));
    } finally {
      setBusy(false);
    }
  };
  const paramErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith('params.')).map(([k, v]) => [k.slice(7), v]));

  return (
    <form className="strategy-editor" onSubmit={(e) => void save(e)} aria-label={config ? `Edit ${config.name}` : 'New strategy'} noValidate>
      <div className="form-row">
        <div className="schema-field">
          <label htmlFor="se-name">Name</label>
          <input id="se-name" value={name} onChange={(e) => change({ name: e.target.value })} disabled={!!config} placeholder="e.g. btc-grid" aria-invalid={!!errors.name} />
          {errors.name ? <span className="field-error" role="alert">{errors.name}</span> : null}
        </div>
        <div className="schema-field">
          <label htmlFor="se-strategy">Strategy</label>
          <select id="se-strategy" value={strategy} onChange={(e) => changeStrategy(e.target.value)} disabled={!!config}>
            {strategies.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="schema-field">
          <label htmlFor="se-account">Account</label>
          <select id="se-account" value={account} onChange={(e) => change({ account: e.target.value })} aria-invalid={!!errors.account}>
            <option value="paper">Paper</option>
            {accounts.map((a) => (
              <option key={a.id} value={`${a.exchange}:${a.label}`}>
                {`${a.exchange}:${a.label}`} {a.mode === 'live' ? '(LIVE, armed)' : '(not armed)'}
              </option>
            ))}
          </select>
          {errors.account ? <span className="field-error" role="alert">{errors.account}</span> : null}
        </div>
      </div>
      <fieldset className="symbol-picker" aria-invalid={!!errors.symbols}>
        <legend className="field-label">Symbols</legend>
        {rows.map((row) => (
          <label key={row.symbol} className="chip">
            <input type="checkbox" checked={symbols.includes(row.symbol)} onChange={(e) => change({ symbols: e.target.checked ? [...symbols, row.symbol] : symbols.filter((s) => s !== row.symbol) })} />
            {row.symbol}
          </label>
        ))}
        {errors.symbols ? <span className="field-error" role="alert">{errors.symbols}</span> : null}
      </fieldset>
      {info && !info.described ? (
        <p className="muted" role={unreadable ? 'alert' : 'status'}>
          {unreadable ?? `Reading ${info.name} in its sandbox…`}
        </p>
      ) : (
        <SchemaForm schema={schema} values={values} onChange={setValues} errors={paramErrors} symbols={symbols} />
      )}
      <div className="button-row">
        <label>
          <input type="checkbox" checked={enabled} onChange={(e) => change({ enabled: e.target.checked })} />
          {account === 'paper' ? 'Enabled (places paper orders through the risk gate)' : 'Enabled (places LIVE orders with real money through the risk gate)'}
        </label>
        <span className="spacer" />
        <button type="button" className="small-btn" onClick={done}>
          Cancel
        </button>
        <button type="submit" className="small-btn primary" disabled={busy}>
          {config ? `Save version ${config.version + 1}` : 'Save strategy'}
        </button>
      </div>
      <FormProblem message={problem} />
    </form>
  );
}
