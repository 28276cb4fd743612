import { PAPER, useTicketAccountStore } from './useTicketAccount';

/** The ticket's `Account` selector: Paper and each armed live account as `<exchange>:<label>`. */
export function AccountSelect({ account, armed, fellBackFrom }: { account: string; armed: readonly string[]; fellBackFrom: string | null }) {
  const choose = useTicketAccountStore((s) => s.choose);
  return (
    <div className="field">
      <label htmlFor="ticket-account">Account</label>
      <select id="ticket-account" className={account === PAPER ? undefined : 'live-select'} value={account} onChange={(e) => choose(e.target.value)} aria-describedby={fellBackFrom ? 'ticket-account-fallback' : undefined}>
        <option value={PAPER}>Paper</option>
        {armed.map((venue) => (
          <option key={venue} value={venue}>
            {venue}
          </option>
        ))}
      </select>
      {fellBackFrom ? (
        <span id="ticket-account-fallback" className="field-warning" role="status" data-testid="ticket-account-fallback">
          {fellBackFrom} is no longer armed — the ticket is back on Paper.
        </span>
      ) : null}
    </div>
  );
}
