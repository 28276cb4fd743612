import type { CandleUpdate, MarketSymbol } from '../market/candle.js';
import type { MarketFeed } from '../market/feed.js';
import type { VenueLease } from '../market/venue-feeds.js';
import type { MarketWatch } from '../market/watch.js';
import { accountExchange } from './live-market-check.js';

/** A live account's venue feed streaming `symbols` (shared per exchange, reference-counted). */
export type LiveFeedOpener = (account: string, symbols: readonly MarketSymbol[]) => Promise<VenueLease>;

/** The bars of paper configurations: the market the chart shows. */
export const CHART_FEED = 'chart';

interface VenueSubscription {
  readonly off: () => void;
  readonly leases: Map<string, VenueLease>;
}

/**
 * Where each configuration's bars come from. Paper configurations trade the market the chart shows; a
 * configuration on a live account gets its bars from its account's exchange whatever the chart shows
 * (real money is never traded on another venue's or a simulated market's prices). One subscription per
 * feed, so each bar reaches the runner once per feed, tagged with the feed's key.
 */
export class RunFeeds {
  private readonly venues = new Map<string, VenueSubscription>();
  private offChart: (() => void) | null = null;

  constructor(
    private readonly market: MarketWatch,
    private readonly openLive: LiveFeedOpener | undefined,
    private readonly onBar: (feedKey: string, update: CandleUpdate) => void,
    /** A venue's feed now streams `symbols` for a configuration: their recent history may be read (the desk's bar book). */
    private readonly onVenueSymbols?: (feedKey: string, feed: MarketFeed, symbols: readonly MarketSymbol[]) => void,
  ) {}

  startChart(): void {
    this.offChart ??= this.market.onCandle((update) => this.onBar(CHART_FEED, update));
  }

  /** The key of the feed a configuration on `account` runs on. */
  keyOf(account: string): string {
    return account === 'paper' || !this.openLive ? CHART_FEED : accountExchange(account);
  }

  /** The feed configuration `name` runs on, its symbols streamed (a live venue's feed is opened if needed). */
  async attach(name: string, account: string, symbols: readonly MarketSymbol[]): Promise<MarketFeed> {
    const key = this.keyOf(account);
    if (key === CHART_FEED || !this.openLive) return this.market.current;
    const lease = await this.openLive(account, symbols);
    let venue = this.venues.get(key);
    if (!venue) {
      venue = { off: lease.feed.subscribe((update) => this.onBar(key, update)), leases: new Map() };
      this.venues.set(key, venue);
    }
    await venue.leases.get(name)?.release();
    venue.leases.set(name, lease);
    this.onVenueSymbols?.(key, lease.feed, symbols);
    return lease.feed;
  }

  /** Configuration `name` no longer runs: its venue lease is returned (the last one stops that feed). */
  async detach(name: string): Promise<void> {
    for (const [key, venue] of this.venues) {
      const lease = venue.leases.get(name);
      if (!lease) continue;
      venue.leases.delete(name);
      if (venue.leases.size === 0) {
        venue.off();
        this.venues.delete(key);
      }
      await lease.release();
    }
  }

  async stop(): Promise<void> {
    this.offChart?.();
    this.offChart = null;
    const names = [...this.venues.values()].flatMap((venue) => [...venue.leases.keys()]);
    for (const name of names) await this.detach(name);
  }
}
