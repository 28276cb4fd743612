/** "· Kraken" after a symbol, where the list holds more than one account or exchange (see venue.ts). */
export function VenueTag({ name }: { name: string | null }) {
  return name ? (
    <span className="venue-tag" data-testid="venue-tag">
      {` · ${name}`}
    </span>
  ) : null;
}

/** "LIVE" on a row of a live account's order or position, whatever else the list holds: real money at a glance. */
export function LiveMark({ account }: { account: string }) {
  return (
    <span className="badge live row-live-mark" title={`On live account ${account}: real money`}>
      LIVE
    </span>
  );
}
