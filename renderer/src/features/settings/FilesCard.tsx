import { useHostStore } from '../../stores/host';

/** Where the trader's own files go: strategy files, and the candle CSVs backtests may read (nothing else is read through the app). */
export function FilesCard() {
  const folders = useHostStore((s) => s.status?.folders);
  if (!folders) return <p className="muted">The core has not said where its folders are.</p>;
  return (
    <dl className="folders">
      <dt>Strategy files</dt>
      <dd className="mono" aria-label="Strategy files folder">
        {folders.strategies}
      </dd>
      <dt>Imports (candle CSVs for backtests)</dt>
      <dd className="mono" aria-label="Imports folder">
        {folders.imports}
      </dd>
      <dt>Data directory</dt>
      <dd className="mono" aria-label="Data directory">
        {folders.data}
      </dd>
    </dl>
  );
}
