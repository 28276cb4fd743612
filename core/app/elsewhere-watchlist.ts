import { z } from 'zod';
import type { MarketSymbol } from '../market/candle.js';
import type { VenueFeeds, VenueLease } from '../market/venue-feeds.js';
import { elsewhereEntrySchema, type ElsewhereEntry, type WatchRow } from '../market/watch-row.js';
import { Watchlist } from '../market/watchlist.js';

const savedSchema = z.array(elsewhereEntrySchema).max(50);
const SETTING = 'market.watchlist.elsewhere';

/** A refusal naming the entry, for the `elsewhere` field. */
export class ElsewhereRefused extends Error {}

interface VenueList {
  readonly lease: VenueLease;
  readonly list: Watchlist;
  readonly off: () => void;
}

export interface ElsewhereOptions {
  readonly venues: VenueFeeds;
  /** How an exchange is reached: the base URL and sandbox of a configured account there, else the venue itself. */
  readonly reach: (exchange: string) => { sandbox: boolean; baseUrl?: string | undefined };
  /** The exchange the chart shows (null: simulated or replayed). */
  readonly chartExchange: () => string | null;
  readonly settings: { getRaw(key: string): unknown; set(key: string, value: unknown): void };
  /** A row's prices moved or the list changed. */
  readonly changed: () => void;
}

/**
 * The watchlist's symbols of other exchanges than the chart's ("BTC/USDT · Kraken" beside Binance's
 * BTC/USDT): each streamed by its exchange's shared venue feed (the one live configurations there trade
 * on), kept across restarts. Watched only: the chart, depth and the paper account stay on the chart's market.
 */
export class ElsewhereWatchlist {
  private entries: ElsewhereEntry[] = [];
  private readonly lists = new Map<string, VenueList>();
  private restoring: Promise<void> = Promise.resolve();

  constructor(private readonly options: ElsewhereOptions) {}

  current(): readonly ElsewhereEntry[] {
    return this.entries;
  }

  /** How `exchange` is reached (its configured account's base URL and sandbox, else the venue itself). */
  reach(exchange: string): { sandbox: boolean; baseUrl?: string | undefined } {
    return this.options.reach(exchange);
  }

  /** The saved entries, streamed again in the background (an exchange that cannot be reached now shows no prices). */
  restore(): void {
    const saved = savedSchema.safeParse(this.options.settings.getRaw(SETTING));
    if (!saved.success || saved.data.length === 0) return;
    this.entries = saved.data;
    this.restoring = this.set(saved.data).catch(() => this.options.changed());
  }

  /** The new list of other exchanges' symbols: each exchange's feed opened (or shared) first; refused as a whole. */
  async set(entries: readonly ElsewhereEntry[]): Promise<void> {
    const chart = this.options.chartExchange();
    const seen = new Set<string>();
    for (const entry of entries) {
      if (entry.exchange === chart) throw new ElsewhereRefused(`${entry.symbol} on ${entry.exchange}: ${entry.exchange} is the chart's market — add ${entry.symbol} to its list instead`);
      const key = `${entry.exchange}:${entry.symbol}`;
      if (seen.has(key)) throw new ElsewhereRefused(`${entry.symbol} on ${entry.exchange} is listed twice`);
      seen.add(key);
    }
    const byExchange = new Map<string, MarketSymbol[]>();
    for (const entry of entries) byExchange.set(entry.exchange, [...(byExchange.get(entry.exchange) ?? []), entry.symbol]);
    const opened = new Map<string, VenueList>();
    try {
      for (const [exchange, symbols] of byExchange) opened.set(exchange, await this.open(exchange, symbols));
    } catch (error) {
      for (const list of opened.values()) await this.close(list);
      throw error;
    }
    const previous = [...this.lists.values()];
    this.lists.clear();
    for (const [exchange, list] of opened) this.lists.set(exchange, list);
    for (const list of previous) await this.close(list);
    this.entries = [...entries];
    this.options.settings.set(SETTING, this.entries);
    this.options.changed();
  }

  /** The rows, but not those of the exchange the chart shows now (its own list has them). */
  rows(): WatchRow[] {
    const chart = this.options.chartExchange();
    return this.entries.filter((entry) => entry.exchange !== chart).map((entry) => {
      const row = this.lists.get(entry.exchange)?.list.rows().find((candidate) => candidate.symbol === entry.symbol);
      return { ...(row ?? { symbol: entry.symbol, last: null, changePct: null, sparkline: [], priceDecimals: 2 }), exchange: entry.exchange, elsewhere: true };
    });
  }

  async stop(): Promise<void> {
    await this.restoring;
    for (const list of this.lists.values()) await this.close(list);
    this.lists.clear();
  }

  private async open(exchange: string, symbols: readonly MarketSymbol[]): Promise<VenueList> {
    let lease: VenueLease;
    try {
      lease = await this.options.venues.acquire({ exchange, symbols, ...this.options.reach(exchange) });
    } catch (error) {
      throw new ElsewhereRefused(`${symbols.join(', ')} on ${exchange} could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    }
    const list = new Watchlist(lease.feed, symbols);
    await list.load();
    const off = lease.feed.subscribe((update) => {
      if (list.apply(update.symbol, update.candle, update.closed)) this.options.changed();
    });
    return { lease, list, off };
  }

  private async close(list: VenueList): Promise<void> {
    list.off();
    await list.lease.release();
  }
}
