import { useState } from 'react';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { useConfigsOf } from './useConfigsOf';

/**
 * After "Promote": the variant's parameters are in the form on the left (view state only). This saves
 * them as the next version of a saved configuration of the same strategy, so the promotion is kept
 * (versioned, in the encrypted store) and the running configuration trades with them from now on.
 */
export function PromoteToConfig({ strategy, variant, params }: { strategy: string; variant: string; params: unknown }) {
  const { configs, error } = useConfigsOf(strategy);
  const [chosen, setName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  // The first configuration until the trader picks another.
  const name = chosen ?? configs?.[0]?.name ?? '';

  if (configs === null) return error ? <span role="alert" className="form-error small">{error}</span> : null;
  if (configs.length === 0) {
    return (
      <p className="muted small" role="status">
        Variant {variant}&apos;s parameters are in the form. To trade them, save a {strategy} configuration in the Strategies tab.
      </p>
    );
  }
  const save = async () => {
    const config = configs.find((c) => c.name === name);
    if (!config) return;
    setBusy(true);
    setMessage(null);
    try {
      const saved = await api.call('strategies.save', { name: config.name, strategy: config.strategy, params: (params ?? {}) as Record<string, unknown>, symbols: config.symbols, enabled: config.enabled });
      setMessage({ kind: 'ok', text: `${saved.name} v${saved.version} now uses variant ${variant}'s parameters.` });
    } catch (reason) {
      setMessage({ kind: 'error', text: describeError(reason) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="inline-form" role="group" aria-label="Save the promoted variant">
      <label htmlFor="promote-config">Make variant {variant} the champion of</label>
      <select id="promote-config" value={name} onChange={(e) => setName(e.target.value)}>
        {configs.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name} (v{c.version})
          </option>
        ))}
      </select>
      <button type="button" className="small-btn primary" disabled={busy || !name} onClick={() => void save()}>
        {busy ? 'Saving…' : 'Save as champion'}
      </button>
      {message ? (
        <span role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'ok' ? 'ok small' : 'form-error small'}>
          {message.text}
        </span>
      ) : null}
    </div>
  );
}
