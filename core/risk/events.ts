/**
 * The risk events feed: rejections and triggers, newest last, bounded. Repeated rejections of the
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

export class RiskEventLog {
  private readonly records: RiskEventRecord[] = [];
  private readonly episodes = new Map<string, RiskEventRecord>();
  private readonly listeners = new Set<(event: RiskEventRecord) => void>();
  private nextId = 1;

  constructor(private readonly capacity = 500) {}

  /** Appends an event; returns it, or null when it only extended a running rejection episode. */
  record(input: RiskEventInput, episodeKey?: string): RiskEventRecord | null {
    if (episodeKey !== undefined) {
      const running = this.episodes.get(episodeKey);
      if (running) {
        running.repeats += 1;
        running.lastTime = input.time;
        return null;
      }
    }
    const event: RiskEventRecord = {
      id: this.nextId++,
      time: input.time,
      kind: input.kind,
      detail: input.detail,
      rule: input.rule ?? null,
      strategy: input.strategy ?? null,
      symbol: input.symbol ?? null,
      repeats: 0,
      lastTime: input.time,
    };
    if (episodeKey !== undefined) this.episodes.set(episodeKey, event);
    this.records.push(event);
    if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Ends the rejection episodes of `prefix` (an allowed entry for that strategy and symbol). */
  endEpisodes(prefix: string): void {
    if (this.episodes.size === 0) return;
    for (const key of this.episodes.keys()) if (key.startsWith(prefix)) this.episodes.delete(key);
  }

  recent(limit = 100): RiskEventRecord[] {
    return this.records.slice(-limit).map((event) => ({ ...event }));
  }

  onEvent(listener: (event: RiskEventRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
