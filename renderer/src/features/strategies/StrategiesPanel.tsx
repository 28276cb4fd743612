import { EmptyState } from '../../app/EmptyState';

/**
 * Strategies (list, enable, parameters from the schema, readiness, last signals) appear here as soon
 * as the core's API offers `strategies.*` commands; until then the tab says so instead of pretending.
 */
export function StrategiesPanel() {
  return (
    <EmptyState
      title="The strategy engine is not connected in this build"
      detail="Manual trading from the order ticket works now. Strategies — with their parameters, readiness per symbol and last signals — will be listed here once the core exposes them."
    />
  );
}
