/** One column header: numeric columns are right-aligned like their cells. */
export interface Column {
  readonly label: string;
  readonly numeric?: boolean;
  readonly title?: string;
}

/** A data table's header row; `actions` adds the sticky, visually hidden "Actions" column. */
export function TableHead({ columns, actions = false }: { columns: readonly Column[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column.label} scope="col" className={column.numeric ? 'num' : undefined} title={column.title}>
            {column.label}
          </th>
        ))}
        {actions ? (
          <th scope="col" className="sticky-actions">
            <span className="visually-hidden">Actions</span>
          </th>
        ) : null}
      </tr>
    </thead>
  );
}
