import type { SweepResultView, SweepRowView } from '../../../../core/api/contract/index';
import { rank, sampled, type MetricColumn } from './sweep-setup';
import { QUOTE_DECIMALS } from '../../app/format';

/** Distinct values of one swept parameter, in numeric order when they are numbers. */
function axis(rows: readonly SweepRowView[], name: string): unknown[] {
  const seen = new Map<string, unknown>();
  for (const row of rows) seen.set(String(row.values[name]), row.values[name]);
  return [...seen.values()].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
}

/**
 * Two swept parameters as a grid, each cell the variant's figure for the metric the table is sorted by:
 * greener is better (lower for drawdown and fees). Combinations the strategy refused (or a random sample did not draw) stay empty.
 */
export function SweepHeatmap({ result, column }: { result: SweepResultView; column: MetricColumn }) {
  const [across, down] = result.names as [string, string];
  const columns = axis(result.rows, across);
  const lines = axis(result.rows, down);
  const byCell = new Map(result.rows.map((row) => [`${String(row.values[across])}|${String(row.values[down])}`, row]));
  // A random sample leaves cells it did not draw: an empty cell is not always one the strategy refused.
  const empty = sampled(result) ? 'not drawn in the random sample, or refused by the strategy' : 'refused by the strategy';
  const finite = result.rows.map((row) => rank(column, row)).filter(Number.isFinite);
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  const shade = (row: SweepRowView): string | undefined => {
    const value = rank(column, row);
    if (high === low) return undefined;
    const score = Number.isFinite(value) ? (value - low) / (high - low) : value > 0 ? 1 : 0;
    const good = column.lowerIsBetter ? 1 - score : score;
    return `hsla(${Math.round(good * 120)}, 60%, 40%, 0.55)`;
  };
  return (
    <div className="pad sweep-heatmap">
      <table className="data-table heatmap" aria-label={`Heatmap of ${column.label} by ${across} and ${down}`}>
        <thead>
          <tr>
            <th scope="col">
              {down} ↓ / {across} →
            </th>
            {columns.map((value) => (
              <th key={String(value)} scope="col" className="num">
                {String(value)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={String(line)}>
              <th scope="row" className="num">
                {String(line)}
              </th>
              {columns.map((value) => {
                const row = byCell.get(`${String(value)}|${String(line)}`);
                return (
                  <td key={String(value)} className="num" data-cell={row?.id} title={row ? `${row.id}: ${column.label} ${column.format(column.value(row), result.moneyDecimals ?? QUOTE_DECIMALS)}` : empty} style={row ? { background: shade(row) } : undefined}>
                    {row ? column.format(column.value(row), result.moneyDecimals ?? QUOTE_DECIMALS) : ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
