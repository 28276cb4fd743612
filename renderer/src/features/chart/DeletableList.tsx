/** One row of a chart tool list: what it is, an optional note, and its delete button's accessible name. */
export interface DeletableItem {
  readonly key: number;
  readonly name: string;
  readonly note?: string;
  readonly deleteLabel: string;
}

/** The chart's drawings or price alerts, each with a *Delete* button. */
export function DeletableList({ label, items, onDelete }: { label: string; items: readonly DeletableItem[]; onDelete: (key: number) => void }) {
  return (
    <ul className="chart-tools-list" aria-label={label}>
      {items.map((item) => (
        <li key={item.key}>
          <span>{item.name}</span>
          {item.note ? <span className="muted small">{item.note}</span> : null}
          <button type="button" className="small-btn" aria-label={item.deleteLabel} onClick={() => onDelete(item.key)}>
            Delete
          </button>
        </li>
      ))}
    </ul>
  );
}
