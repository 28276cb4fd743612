/** "· Kraken" after a symbol, where the list holds more than one account or exchange (see venue.ts). */
export function VenueTag({ name }: { name: string | null }) {
  return name ? (
    <span className="venue-tag" data-testid="venue-tag">
      {` · ${name}`}
    </span>
  ) : null;
}
