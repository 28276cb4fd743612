/**
 * Said over a result the form no longer matches: its figures are of the settings it ran with, and a
 * trader who changed a field must not read them as the new settings' figures.
 */
export function StaleNote({ stale, rerun }: { stale: boolean; rerun: string }) {
  return stale ? (
    <p className="no-trades-reason stale-note" role="status" data-testid="bt-stale">
      The settings changed since this run: these figures are for the earlier ones. {rerun} to see the new settings&apos; figures.
    </p>
  ) : null;
}
