import { useState } from 'react';
import type { SweepRowView } from '../../../../core/api/contract/index';
import { api } from '../../api/client';
import { describeError, fieldErrors } from '../../api/errors';
import { changedParams, describeChanges } from '../../app/param-changes';
import { shadowName } from './sweep-setup';
import { useConfigsOf } from './useConfigsOf';

/**
 * "Add as shadow": a sweep row's parameters join a saved configuration of the same strategy as a live
 * shadow variant (compared with the champion on live bars, no orders), under a name made of its values.
 */
export function AddAsShadow({ strategy, names, row }: { strategy: string; names: readonly string[]; row: SweepRowView }) {
  const { configs, error } = useConfigsOf(strategy);
  const [chosen, setConfig] = useState<string | null>(null);
  const [id, setId] = useState(() => shadowName(names, row.values));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  // A refused name is said beside the Variant name field (the core calls it `id`).
  const [idError, setIdError] = useState<string | null>(null);
  // The first configuration until the trader picks another.
  const config = chosen ?? configs?.[0]?.name ?? '';

  if (configs === null) return error ? <span role="alert" className="form-error small">{error}</span> : null;
  if (configs.length === 0) {
    return (
      <p className="muted small" role="status">
        No saved {strategy} configuration to shadow yet: save one in the Strategies tab.
      </p>
    );
  }
  // The row carries every parameter of the backtest: what the variant changes from the champion is said before it is added.
  const changes = changedParams(row.params, configs.find((c) => c.name === config)?.params);
  const add = async () => {
    setBusy(true);
    setMessage(null);
    setIdError(null);
    try {
      const shadows = await api.call('strategies.addShadow', { name: config, id: id.trim(), params: row.params });
      setMessage({ kind: 'ok', text: `${shadows.name} now shadows variant ${id.trim()} (${shadows.variants.length} variant${shadows.variants.length === 1 ? '' : 's'}); compare them under Shadows in the Strategies tab.` });
    } catch (reason) {
      const beside = fieldErrors(reason).id;
      if (beside) setIdError(beside);
      else setMessage({ kind: 'error', text: describeError(reason) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="inline-form" role="group" aria-label={`Add ${row.id} as shadow variant`}>
      <label htmlFor="shadow-config">Configuration</label>
      <select id="shadow-config" value={config} onChange={(e) => setConfig(e.target.value)}>
        {configs.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name} (v{c.version})
          </option>
        ))}
      </select>
      <label htmlFor="shadow-id">Variant name</label>
      <input id="shadow-id" value={id} onChange={(e) => setId(e.target.value)} autoComplete="off" spellCheck={false} aria-invalid={idError !== null} aria-describedby={idError ? 'shadow-id-error' : undefined} />
      {idError ? (
        <span id="shadow-id-error" role="alert" className="field-error small">
          {idError}
        </span>
      ) : null}
      <button type="button" className="small-btn primary" disabled={busy || !config} onClick={() => void add()} aria-describedby="shadow-changes">
        {busy ? 'Adding…' : 'Add shadow variant'}
      </button>
      <span id="shadow-changes" className="small" data-testid="shadow-changes">
        {changes.length > 0 ? `Changes from the champion: ${describeChanges(changes)}` : `Same parameters as ${config}'s champion.`}
      </span>
      {message ? (
        <span role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'ok' ? 'ok small' : 'form-error small'}>
          {message.text}
        </span>
      ) : null}
    </div>
  );
}
