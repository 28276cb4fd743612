/**
 * The risk events feed: rejections and triggers, newest last, bounded in memory and, with a store, kept
 * across restarts. Repeated rejections of the
 * same rule for the same strategy and symbol are one episode (counted in `repeats`) until an entry
 * there is allowed again — so a PANIC that blocks a strategy every minute for hours is one line.
 */

export interface RiskEventRecord {
  readonly id: number;
  /** When it (first) happened. */
  readonly time: number;
  /** `regime:PANIC`, `entry_blocked`, `exit_blocked`, `cooldown`, `breaker`, `breaker_reset`, `strategy_disabled`, … */
  readonly kind: string;
  readonly detail: string;
  readonly rule: string | null;
  readonly strategy: string | null;
  readonly symbol: string | null;
  /** How many more times the same rejection repeated in this episode. */
  repeats: number;
  lastTime: number;
}

export type RiskEventInput = Pick<RiskEventRecord, 'time' | 'kind' | 'detail'> & Partial<Pick<RiskEventRecord, 'rule' | 'strategy' | 'symbol'>>;

/** Which events to list: a kind or a family of kinds (`regime` = every `regime:…`), words in them, older than an id. */
export interface RiskEventFilter {
  readonly limit: number;
  readonly kind?: string;
  readonly search?: string;
  /** Only events with a smaller id (paging back). */
  readonly before?: number;
}

/** Where the log is kept across restarts (core/store's RiskEventRepository); backtests keep none. */
export interface RiskEventStore {
  /** Saves a new event; returns its id. */
  append(event: Omit<RiskEventRecord, 'id'>): number;
  /** A running episode repeated. */
  touch(id: number, repeats: number, lastTime: number): void;
  /** Newest first. */
  list(filter: RiskEventFilter): RiskEventRecord[];
}

export class RiskEventLog {
  private readonly records: RiskEventRecord[] = [];
  private readonly episodes = new Map<string, RiskEventRecord>();
  private readonly listeners = new Set<(event: RiskEventRecord) => void>();
  private nextId = 1;

  constructor(
    private readonly capacity = 500,
    private readonly store: RiskEventStore | null = null,
  ) {}

  /** Appends an event; returns it, or null when it only extended a running rejection episode. */
  record(input: RiskEventInput, episodeKey?: string): RiskEventRecord | null {
    if (episodeKey !== undefined) {
      const running = this.episodes.get(episodeKey);
      if (running) {
        running.repeats += 1;
        running.lastTime = input.time;
        this.store?.touch(running.id, running.repeats, running.lastTime);
        return null;
      }
    }
    const fields: Omit<RiskEventRecord, 'id'> = {
      time: input.time,
      kind: input.kind,
      detail: input.detail,
      rule: input.rule ?? null,
      strategy: input.strategy ?? null,
      symbol: input.symbol ?? null,
      repeats: 0,
      lastTime: input.time,
    };
    const event: RiskEventRecord = { id: this.store ? this.store.append(fields) : this.nextId++, ...fields };
    if (episodeKey !== undefined) this.episodes.set(episodeKey, event);
    this.records.push(event);
    // Trimmed in batches (readers see the newest `capacity`, see kept): one splice per event moved the whole list.
    if (this.records.length > 2 * this.capacity) this.records.splice(0, this.records.length - this.capacity);
    // Backtests have no listener: no iterator made for an empty set.
    if (this.listeners.size > 0) for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Ends the rejection episodes of `prefix` (an allowed entry for that strategy and symbol). */
  endEpisodes(prefix: string): void {
    if (this.episodes.size === 0) return;
    for (const key of this.episodes.keys()) if (key.startsWith(prefix)) this.episodes.delete(key);
  }

  /** The latest events, oldest first: this run's, or from the store (earlier runs too) when there is one. */
  recent(limit = 100): RiskEventRecord[] {
    if (this.store) return this.store.list({ limit }).reverse();
    return this.kept().slice(-limit).map((event) => ({ ...event }));
  }

  /** Events matching `filter`, newest first (earlier runs too when the log has a store). */
  query(filter: RiskEventFilter): RiskEventRecord[] {
    if (this.store) return this.store.list(filter);
    const family = filter.kind ? `${filter.kind}:` : null;
    const words = filter.search?.trim().toLowerCase() ?? '';
    return this.kept()
      .filter((e) => (!filter.kind || e.kind === filter.kind || e.kind.startsWith(family!)) && (filter.before === undefined || e.id < filter.before))
      .filter((e) => !words || [e.kind, e.detail, e.symbol ?? '', e.strategy ?? ''].join(' ').toLowerCase().includes(words))
      .slice(-filter.limit)
      .reverse()
      .map((event) => ({ ...event }));
  }

  /** The newest `capacity` records: the log's contents. */
  private kept(): RiskEventRecord[] {
    return this.records.length > this.capacity ? this.records.slice(-this.capacity) : this.records;
  }

  onEvent(listener: (event: RiskEventRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
