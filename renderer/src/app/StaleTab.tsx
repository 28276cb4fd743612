/**
 * Shown instead of the workspace when the host refuses this tab's token: `npm run serve` makes a new
 * token every run, so a tab from an earlier run can never reconnect — it says what to do instead.
 */
export function StaleTab() {
  return (
    <main className="stale-tab" role="alert" aria-label="Earlier run">
      <h1>This tab belongs to an earlier run of Halyard — open the address it printed</h1>
      <p className="muted">
        Halyard was restarted and printed a new address with a new token (<code>Open http://127.0.0.1:…/?token=…</code> in the terminal where it runs). This tab’s token is no longer accepted, so it
        stopped trying to reconnect.
      </p>
    </main>
  );
}
