import { useState } from 'react';
import type { ModelCardView } from '../../../../core/api/contract/orchestrator';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { formatChange, formatDateTime, formatPrice } from '../../app/format';
import { useOrchestrated } from './useOrchestrated';
import { ActionMessages } from '../../app/ActionMessages';

const pct = (fraction: number) => `${formatChange(fraction * 100, 2)} %`;

/**
 * The learned setup filter's model card: the version in use (or why none is), what it was trained on,
 * its features, and its out-of-sample (walk-forward) results against the rule-only baseline.
 */
export function ModelCard({ name }: { name: string }) {
  const { value: card, error: loadError, set } = useOrchestrated<ModelCardView>(() => api.call('filter.card', { name }), { config: name }, 30_000);
  const [training, setTraining] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!card) return loadError ? <p className="form-error small">{loadError}</p> : <p className="muted small">Loading the model card…</p>;
  const latest = card.versions[0] ?? null;
  const shown = card.active ?? latest;
  const retrain = async () => {
    setTraining(true);
    setError(null);
    try {
      set(await api.call('filter.retrain', { name }));
    } catch (reason) {
      setError(describeError(reason));
    } finally {
      setTraining(false);
    }
  };
  return (
    <section className="model-card" aria-label={`Model card of ${name}`}>
      <div className="table-toolbar">
        <strong>Learned setup filter</strong>
        <span className="muted small">
          gradient-boosted trees (win probability and return) · weight {card.weight} of the setup score · setups below {card.minScore} are skipped
        </span>
        <span className="spacer" />
        <button type="button" className="small-btn" disabled={training} aria-busy={training} onClick={() => void retrain()}>
          {training ? 'Training…' : 'Retrain now'}
        </button>
      </div>
      <p className="small" data-testid="model-state">
        {card.active ? `In use: version ${card.active.version}, trained ${formatDateTime(card.active.createdAt)} UTC.` : latest ? `Not in use — version ${latest.version} is ${latest.status}.` : 'Not trained yet.'}
        {card.nextScheduledAt ? <span className="muted"> Next scheduled training {formatDateTime(card.nextScheduledAt)} UTC.</span> : null}
      </p>
      {card.failure ? (
        <p className="form-error small" role="alert">
          Last training failed: {card.failure}
        </p>
      ) : null}
      <ActionMessages error={error} />
      <p className="muted small" data-testid="model-examples">
        Closed setups to learn from: {card.examples.total ?? 0} (live {card.examples.live ?? 0} · paper {card.examples.paper ?? 0} · shadows {card.examples.shadow ?? 0} · backtests {card.examples.backtest ?? 0})
      </p>
      {shown ? (
        <>
          <table className="mini-table" aria-label={`Out-of-sample results of ${name}`}>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col" className="num">Setups tested</th>
                <th scope="col" className="num">Kept</th>
                <th scope="col" className="num">Rule-only return</th>
                <th scope="col" className="num">Filtered return</th>
                <th scope="col" className="num">Win rate (rule / filtered)</th>
                <th scope="col" className="num">Log loss</th>
              </tr>
            </thead>
            <tbody>
              {card.versions.map((v) => (
                <tr key={v.version} data-model-version={v.version}>
                  <th scope="row">
                    v{v.version} {v.active ? <span className="badge">active</span> : null} <span className="muted small">{v.trigger}</span>
                  </th>
                  {v.outOfSample ? (
                    <>
                      <td className="num">{v.outOfSample.examples}</td>
                      <td className="num">{v.outOfSample.kept}</td>
                      <td className="num">{pct(v.outOfSample.baselineReturn)}</td>
                      <td className="num" data-testid="filtered-return">
                        {pct(v.outOfSample.filteredReturn)}
                      </td>
                      <td className="num">
                        {(v.outOfSample.baselineWinRate * 100).toFixed(1)} % / {(v.outOfSample.filteredWinRate * 100).toFixed(1)} %
                      </td>
                      <td className="num">{formatPrice(v.outOfSample.logLoss, 3)}</td>
                    </>
                  ) : (
                    <td colSpan={6} className="muted">
                      {v.status}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small" data-testid="model-status">
            v{shown.version}: {shown.status}. Walk-forward: {shown.folds.length} folds, each trained only on setups closed before it. Trained on {shown.samples.total ?? 0} setups.
          </p>
          <p className="muted small" data-testid="model-features">
            Features (known at entry): {shown.features.join(', ')}
          </p>
        </>
      ) : null}
    </section>
  );
}
