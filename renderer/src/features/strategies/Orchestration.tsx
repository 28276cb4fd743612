import type { StrategyConfigView } from '../../../../core/api/contract/live-strategies';
import { DecisionLog } from './DecisionLog';
import { EdgeTable, PolicyControls, ProfilesTable } from './EdgePanel';
import { ModelCard } from './ModelCard';
import { TuningPanel } from './TuningPanel';
import './orchestration.css';

/** A configuration as the portfolio sees it: policy, threshold manager, edge, its symbols' profiles, the learned filter and its decisions. */
export function Orchestration({ config }: { config: StrategyConfigView }) {
  return (
    <section className="orchestration" aria-label={`Edge and tuning of ${config.name}`}>
      <PolicyControls name={config.name} />
      <TuningPanel name={config.name} />
      <EdgeTable name={config.name} />
      <ProfilesTable symbols={config.symbols} />
      <ModelCard name={config.name} />
      <p className="small">
        <strong>Decisions</strong> <span className="muted">entries taken, skipped (conflicts, the learned filter), refused (budget, reserve, Kelly, or the order pipeline) and near misses</span>
      </p>
      <DecisionLog name={config.name} />
    </section>
  );
}
