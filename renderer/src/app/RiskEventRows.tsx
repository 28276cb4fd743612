import { formatDateTime } from './format';

/** Table rows for risk events (regime changes, blocked entries, cooldowns, breaker trips): time, kind, detail. */
export function RiskEventRows({ events }: { events: readonly { readonly time: number; readonly kind: string; readonly detail: string }[] }) {
  return (
    <>
      {events.map((e, i) => (
        <tr key={`${e.time}-${i}`}>
          <td className="mono muted">{formatDateTime(e.time)}</td>
          <td>
            <b>{e.kind}</b>
          </td>
          <td>{e.detail}</td>
        </tr>
      ))}
    </>
  );
}
