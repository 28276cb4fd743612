import { useState } from 'react';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { changedParams, describeChanges } from '../../app/param-changes';
import { useConfigsOf } from './useConfigsOf';

/**
 * After "Promote": the variant's parameters are in the form on the left (view state only). This saves
 * them as the next version of a saved configuration of the same strategy, so the promotion is kept
 * (versioned, in the encrypted store) and the running configuration trades with them from now on.
 * Every parameter the save changes is listed first — the row carries all the backtest's parameters, so a
 * stake typed in the backtest form changes the configuration's stake too — and the configuration keeps
 * its account, symbols and switch.
 */
export function PromoteToConfig({ strategy, variant, params }: { strategy: string; variant: string; params: unknown }) {
  const { configs, error, replace } = useConfigsOf(strategy);
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
  const config = configs.find((c) => c.name === name);
  const changes = config ? changedParams(params, config.params) : [];
  const save = async () => {
    if (!config) return;
    setBusy(true);
    setMessage(null);
    try {
      const saved = await api.call('strategies.save', {
        name: config.name,
        strategy: config.strategy,
        params: (params ?? {}) as Record<string, unknown>,
        symbols: config.symbols,
        enabled: config.enabled,
        // Left out, the save would put a live configuration back on paper.
        account: config.account,
      });
      replace(saved);
      setMessage({ kind: 'ok', text: `${saved.name} v${saved.version} now uses variant ${variant}'s parameters${changes.length > 0 ? `: ${describeChanges(changes)}` : ''}.` });
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
      <button type="button" className="small-btn primary" disabled={busy || !name} onClick={() => void save()} aria-describedby="promote-changes">
        {busy ? 'Saving…' : 'Save as champion'}
      </button>
      <span id="promote-changes" className="small" data-testid="promote-changes">
        {changes.length > 0 ? `Changes: ${describeChanges(changes)}` : `Same parameters as ${name}.`}
      </span>
      {message ? (
        <span role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'ok' ? 'ok small' : 'form-error small'}>
          {message.text}
        </span>
      ) : null}
    </div>
  );
}
