import { EmptyState } from '../../app/EmptyState';

/** Backtests run from the UI once the core's API offers `backtest.*`; meanwhile the CLI works. */
export function BacktestsPanel() {
  return (
    <EmptyState title="Backtests from the workspace are not available in this build yet" detail="Meanwhile the command line runs the same engine:">
      <pre className="code-hint">npm run backtest -- --strategy sma-cross --data candles.csv --json</pre>
    </EmptyState>
  );
}
