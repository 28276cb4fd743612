import { z } from 'zod';
import type { JsonSettings } from './state.js';
import { nextDayStart, tradingDay } from './trading-day.js';

const heldSchema = z.object({ currency: z.string(), total: z.number() });
// `missing`, `staleSince`, `lastMissing`, `lastStaleSince`: optional, so a store written before them still reads.
const storedSchema = z.record(
  z.string(),
  z.object({
    day: z.string(),
    equity: z.number(),
    last: z.number(),
    lastAt: z.number(),
    missing: z.array(heldSchema).optional(),
    /** When the day this entry starts began (ms), or when it was first seen mid-day: trades of missing coins count from then. */
    from: z.number().optional(),
    staleSince: z.number().optional(),
    lastMissing: z.array(heldSchema).optional(),
    lastStaleSince: z.number().optional(),
  }),
);
type Stored = z.infer<typeof storedSchema>;
type Entry = Stored[string];

/** A held amount of a currency. */
export interface HeldAmount {
  readonly currency: string;
  readonly total: number;
}

/** What an equity figure was made of, as far as the day start needs to know. */
export interface EquityValuation {
  /** The market price (quote per coin: the feed's mark or the venue's price) of each held currency it counts. */
  readonly prices: ReadonlyMap<string, number>;
  /** Held currencies it leaves out for want of a price that may still come. */
  readonly awaiting: readonly HeldAmount[];
  /** When the oldest venue price behind it was read, if that price is stale; null when its prices are fresh. */
  readonly staleSince: number | null;
}

/** Trades today of a coin the day start has not priced yet: `sold` net of buys, `proceeds` (quote) net of their cost. */
export interface UnpricedSale {
  readonly currency: string;
  readonly sold: number;
  readonly proceeds: number;
}

/** Why a day start is not final yet; absent when it is. */
export interface DayStartProvisional {
  /** Coins held at the day start that it leaves out: each is added at its first price, once that comes. */
  readonly missing: readonly HeldAmount[];
  /** Since when trades of those coins happened today (their sales count as neither gain nor loss until priced). */
  readonly since?: number;
  /** Missing coins traded since the day start, unpriced: what was sold net of buys and the quote it brought (net). */
  readonly unpricedSales?: readonly UnpricedSale[];
  /** The day start counts coins at venue prices stale since then (the last known before the day began). */
  readonly staleSince: number | null;
}

export interface DayStart {
  /** `YYYY-MM-DD` in the trader's time zone. */
  readonly day: string;
  readonly equity: number;
  /** When this trading day ends (the breaker's lock runs until then). */
  readonly endsAt: number;
  readonly provisional?: DayStartProvisional;
}

/** A day start changed in a way the trader must be able to find later (the audit log). */
export type DayStartNote =
  | { readonly action: 'day_start_provisional'; readonly day: string; readonly equity: number; readonly missing: readonly HeldAmount[]; readonly staleSince: number | null }
  | { readonly action: 'day_start_completed'; readonly day: string; readonly currency: string; readonly total: number; readonly price: number; readonly equity: number }
  | { readonly action: 'day_start_prices_fresh'; readonly day: string; readonly staleSince: number; readonly equity: number };

const KEY = 'risk.dayStart';
/** The last equity is saved at most this often between day changes (a restart loses at most this much). */
const SAVE_EVERY_MS = 60_000;
const COMPLETE: EquityValuation = { prices: new Map(), awaiting: [], staleSince: null };

/**
 * Each account's equity at the start of its trading day, for the daily-loss breaker: the last equity
 * seen before the day changed (or the first seen on a new day), kept in the store so that a restart on
 * the same day measures the loss from the same start.
 *
 * A day start is never fixed from an incomplete valuation silently. Coins held but not yet priced (the
 * venue's first price request failed) are recorded as missing, and each is added to the day start at its
 * first price, once (`day_start_completed`): equity rising when their prices come is not a gain. A day
 * start counted at stale venue prices keeps those prices (the last known before the day began: a move
 * during the outage counts to the new day, never hidden) and says so until the prices are fresh again.
 */
export class DayStarts {
  private stored: Stored;

  constructor(
    private readonly settings: JsonSettings | null,
    private readonly timeZone: () => string,
    private readonly onNote: (account: string, note: DayStartNote) => void = () => undefined,
  ) {
    const parsed = storedSchema.safeParse(settings?.getRaw(KEY) ?? {});
    this.stored = parsed.success ? parsed.data : {};
  }

  /** The coins `account`'s last day start still waits to price. */
  missing(account: string): readonly HeldAmount[] {
    return this.stored[account]?.missing ?? [];
  }

  /** The day start of `account` at `time`, given its equity now and what that equity was made of (which it remembers). */
  observe(account: string, time: number, equity: number, valuation: EquityValuation = COMPLETE): DayStart {
    const zone = this.timeZone();
    const day = tradingDay(time, zone);
    const current = this.stored[account];
    let save = false;
    if (current === undefined || current.day < day) {
      // A new day starts from where the last one ended (the last equity seen, with what it left out), else from now.
      const missing = current ? (current.lastMissing ?? []) : valuation.awaiting;
      const staleSince = current ? current.lastStaleSince : (valuation.staleSince ?? undefined);
      const entry: Entry = { day, equity: current?.last ?? equity, last: equity, lastAt: time, from: current ? dayBegan(time, zone) : time };
      if (missing.length > 0) entry.missing = missing.map((held) => ({ ...held }));
      if (staleSince !== undefined) entry.staleSince = staleSince;
      this.stored[account] = entry;
      if (entry.missing || entry.staleSince !== undefined) this.onNote(account, { action: 'day_start_provisional', day, equity: entry.equity, missing: entry.missing ?? [], staleSince: entry.staleSince ?? null });
      save = true;
    } else if (current.day === day) {
      save = time - current.lastAt >= SAVE_EVERY_MS;
      current.last = equity;
      if (save) current.lastAt = time;
    }
    const entry = this.stored[account]!;
    if (entry.day === day) save = this.settle(account, entry, valuation) || save;
    this.remember(entry, valuation);
    if (save) this.settings?.set(KEY, this.stored);
    const provisional = entry.missing || entry.staleSince !== undefined ? { missing: entry.missing ?? [], staleSince: entry.staleSince ?? null, since: entry.from ?? dayBegan(time, zone) } : null;
    return { day: entry.day, equity: entry.equity, endsAt: nextDayStart(time, zone), ...(provisional ? { provisional } : {}) };
  }

  /** Adds each missing coin priced now at that price, and drops the stale mark once prices are fresh; true when it changed. */
  private settle(account: string, entry: Entry, valuation: EquityValuation): boolean {
    let changed = false;
    for (const held of entry.missing ?? []) {
      const price = valuation.prices.get(held.currency);
      if (price === undefined) continue;
      entry.equity += held.total * price;
      entry.missing = entry.missing!.filter((other) => other.currency !== held.currency);
      this.onNote(account, { action: 'day_start_completed', day: entry.day, currency: held.currency, total: held.total, price, equity: entry.equity });
      changed = true;
    }
    if (entry.missing?.length === 0) delete entry.missing;
    if (entry.staleSince !== undefined && valuation.staleSince === null) {
      this.onNote(account, { action: 'day_start_prices_fresh', day: entry.day, staleSince: entry.staleSince, equity: entry.equity });
      delete entry.staleSince;
      changed = true;
    }
    return changed;
  }

  /** What the last equity seen left out, for the next day's start. */
  private remember(entry: Entry, valuation: EquityValuation): void {
    if (valuation.awaiting.length > 0) entry.lastMissing = valuation.awaiting.map((held) => ({ ...held }));
    else delete entry.lastMissing;
    if (valuation.staleSince !== null) entry.lastStaleSince = valuation.staleSince;
    else delete entry.lastStaleSince;
  }
}

const DAY_MS = 86_400_000;

/** When the trading day `time` falls on began, in `timeZone` (local midnight; a day is 23 to 25 hours long). */
function dayBegan(time: number, timeZone: string): number {
  let began = nextDayStart(time - DAY_MS, timeZone);
  if (began > time) began = nextDayStart(time - 2 * DAY_MS, timeZone);
  if (tradingDay(began, timeZone) < tradingDay(time, timeZone)) began = nextDayStart(began, timeZone);
  return began;
}
