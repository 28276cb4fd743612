import { z } from 'zod';
import type { LiquidityTier } from '../exchange/port.js';
import { lazySchema } from '../market/lazy-schema.js';
import type { ExitReason } from '../strategies/contract.js';
import type { RiskConfig } from './config.js';
import { scopeMatches, scopeText, type GateOrder, type Lock } from './guard.js';
import { durationText } from './support/format.js';

/**
 * The risk state that must survive a restart (pattern 8: "locks persist"): standing locks (breaker,
 * stop-loss cooldowns, trade cooldowns), consecutive stop-loss counts per symbol and the breaker's
 * manual-reset baseline. Saved through a port after every change.
 */

export const persistedRiskStateSchema = lazySchema(() => {
  const scopeSchema = z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('global') }),
    z.object({ kind: z.literal('account'), account: z.string() }),
    z.object({ kind: z.literal('symbol'), symbol: z.string() }),
    z.object({ kind: z.literal('strategy_symbol'), strategy: z.string(), symbol: z.string() }),
  ]);
  return z.object({
    version: z.literal(1),
    locks: z.array(z.object({ rule: z.string(), scope: scopeSchema, since: z.number(), until: z.number().nullable(), reason: z.string() })),
    stopStreaks: z.record(z.string(), z.object({ count: z.number().int().min(0), lastAt: z.number() })),
    /** Manual breaker reset (before per-account breakers): the UTC day it applies to and the P&L at the reset. */
    breakerReset: z.object({ day: z.number().int(), baseline: z.number() }).nullable(),
    /** Manual breaker resets per `<account>|<trading day>`: the P&L at the reset (≤ 0). */
    breakerResets: z.record(z.string(), z.number()).default({}),
  });
});
export type PersistedRiskState = z.infer<ReturnType<typeof persistedRiskStateSchema>>;

/** Where the risk state lives between runs (the settings table in the encrypted store, in production). */
export interface RiskStateStore {
  load(): unknown;
  save(state: PersistedRiskState): void;
}

export class InMemoryRiskStateStore implements RiskStateStore {
  private value: PersistedRiskState | null = null;
  load(): unknown {
    return this.value === null ? null : structuredClone(this.value);
  }
  save(state: PersistedRiskState): void {
    this.value = structuredClone(state);
  }
}

/** Keeps nothing: a backtest's risk state lives in its RiskState alone (no copy per lock, nothing to restore). */
export class TransientRiskStateStore implements RiskStateStore {
  load(): unknown {
    return null;
  }
  save(): void {}
}

/** A key/value settings repository (core/store's SettingsRepository fits). */
export interface JsonSettings {
  getRaw(key: string): unknown;
  set(key: string, value: unknown): void;
}

export function settingsRiskStateStore(settings: JsonSettings, key = 'risk.state'): RiskStateStore {
  return { load: () => settings.getRaw(key) ?? null, save: (state) => settings.set(key, state) };
}

export interface ExitRecord {
  readonly strategy: string;
  readonly symbol: string;
  readonly reason: ExitReason;
  readonly time: number;
  /** True when this exit closed the position (starts the trade cooldown). */
  readonly closed: boolean;
  readonly tier: LiquidityTier;
}

export interface StateChange {
  readonly kind: 'cooldown';
  readonly detail: string;
  readonly lock: Lock;
}

const DAY_MS = 86_400_000;
const EMPTY: PersistedRiskState = { version: 1, locks: [], stopStreaks: {}, breakerReset: null, breakerResets: {} };

/** Which breaker a manual reset applies to: one account's trading day (a backtest's: the UTC day). */
export function breakerKey(portfolio: { readonly account?: string; readonly day?: string; readonly time: number }): string {
  return `${portfolio.account ?? '*'}|${portfolio.day ?? String(Math.floor(portfolio.time / DAY_MS))}`;
}

export class RiskState {
  private data: PersistedRiskState;
  /** Counts manual breaker resets: a reader caching a baseline knows it is stale when this moved. */
  private resets = 0;

  constructor(private readonly store: RiskStateStore) {
    const stored = store.load();
    // A state from an incompatible version is dropped rather than trusted; locks then rebuild from new events.
    // Nothing stored (a backtest's store) cannot pass the schema either: it starts empty without building it.
    const loaded = stored === null ? null : persistedRiskStateSchema().safeParse(stored);
    this.data = loaded?.success ? loaded.data : structuredClone(EMPTY);
  }

  /** Active locks at `now`; expired ones are pruned. */
  locks(now: number): readonly Lock[] {
    // The gate asks on every bar and usually nothing has expired: hand out the list itself (it is only
    // ever replaced, never changed in place) instead of a copy.
    // By index: a for-of allocated an iterator and a result per lock until V8 had optimised this.
    const locks = this.data.locks;
    let expired = false;
    for (let i = 0; i < locks.length; i++) {
      const until = locks[i]!.until;
      if (until !== null && until <= now) expired = true;
    }
    if (!expired) return locks;
    const active: Lock[] = [];
    for (let i = 0; i < locks.length; i++) {
      const until = locks[i]!.until;
      if (until === null || until > now) active.push(locks[i]!);
    }
    if (active.length !== this.data.locks.length) {
      this.data.locks = active;
      this.persist();
    }
    return active;
  }

  /** The first active lock that blocks this entry, if any. */
  blocking(order: Pick<GateOrder, 'strategy' | 'symbol' | 'account'>, now: number): Lock | null {
    // A loop, not find(): every entry comes here, and a closure per call costs a defineProperty under tsx's keepNames.
    const locks = this.locks(now);
    for (let i = 0; i < locks.length; i++) if (scopeMatches(locks[i]!.scope, order)) return locks[i]!;
    return null;
  }

  addLock(lock: Lock): void {
    this.data.locks = replacingLock(this.data.locks, lock);
    this.persist();
  }

  removeLocks(rule: string): Lock[] {
    const removed = this.data.locks.filter((lock) => lock.rule === rule);
    if (removed.length > 0) {
      this.data.locks = this.data.locks.filter((lock) => lock.rule !== rule);
      this.persist();
    }
    return removed;
  }

  stopStreak(symbol: string): number {
    return this.data.stopStreaks[symbol]?.count ?? 0;
  }

  stopStreaks(): Readonly<Record<string, { count: number; lastAt: number }>> {
    return this.data.stopStreaks;
  }

  /** How many manual breaker resets this state has seen (changes whenever any `breakerBaseline` may have). */
  get breakerResetCount(): number {
    return this.resets;
  }

  /** P&L forgiven by a manual reset of this breaker (`breakerKey`: an account's trading day); 0 when none. */
  breakerBaseline(key: string): number {
    return this.data.breakerResets[key] ?? 0;
  }

  /** A manual reset of the breakers of `keys` (one per account): their locks go, their loss counts from `dailyPnl`. */
  resetBreaker(resets: readonly { readonly key: string; readonly dailyPnl: number }[]): Lock[] {
    this.resets++;
    const accounts = new Set(resets.map((reset) => reset.key.slice(0, reset.key.indexOf('|'))));
    for (const reset of resets) this.data.breakerResets[reset.key] = Math.min(0, reset.dailyPnl);
    // Old days' resets are of no use any more: keep the newest few.
    const keys = Object.keys(this.data.breakerResets);
    if (keys.length > 64) for (const old of keys.slice(0, keys.length - 64)) delete this.data.breakerResets[old];
    const breaker = (lock: Lock) => lock.rule === 'daily_loss_breaker' && (lock.scope.kind !== 'account' || accounts.has(lock.scope.account) || accounts.has('*'));
    const removed = this.data.locks.filter(breaker);
    this.data.locks = this.data.locks.filter((lock) => !breaker(lock));
    this.persist();
    return removed;
  }

  /**
   * Records an exit: stop-losses count per symbol (a take-profit resets the count); the Nth consecutive
   * stop locks the symbol for the tier's cooldown and starts a new count; closing a position starts
   * the strategy's trade cooldown on that symbol.
   */
  recordExit(exit: ExitRecord, config: RiskConfig): StateChange[] {
    const changes: StateChange[] = [];
    if (exit.reason === 'stop_loss') {
      const count = this.stopStreak(exit.symbol) + 1;
      const { stops, hoursByTier } = config.stopCooldown;
      if (count >= stops) {
        const hours = hoursByTier[exit.tier];
        const until = exit.time + hours * 3_600_000;
        const lock: Lock = {
          rule: 'stop_loss_cooldown',
          scope: { kind: 'symbol', symbol: exit.symbol },
          since: exit.time,
          until,
          reason: `stop-loss cooldown: ${count} consecutive stop-losses on ${exit.symbol}; new entries there are blocked for ${hours} h (${exit.tier} tier)`,
        };
        this.data.locks = replacingLock(this.data.locks, lock);
        delete this.data.stopStreaks[exit.symbol];
        changes.push({ kind: 'cooldown', detail: lock.reason, lock });
      } else {
        this.data.stopStreaks[exit.symbol] = { count, lastAt: exit.time };
      }
    } else if (exit.reason === 'take_profit') {
      delete this.data.stopStreaks[exit.symbol];
    }
    if (exit.closed && config.tradeCooldownMinutes > 0) {
      const lock: Lock = {
        rule: 'trade_cooldown',
        scope: { kind: 'strategy_symbol', strategy: exit.strategy, symbol: exit.symbol },
        since: exit.time,
        until: exit.time + config.tradeCooldownMinutes * 60_000,
        reason: `trade cooldown: ${exit.strategy} closed a position on ${exit.symbol}; it may enter again ${durationText(config.tradeCooldownMinutes * 60_000)} later`,
      };
      this.data.locks = replacingLock(this.data.locks, lock);
    }
    this.persist();
    return changes;
  }

  private persist(): void {
    this.store.save(this.data);
  }
}

/** A new list: `locks` without the one of `lock`'s rule and scope, then `lock` (every closed trade's cooldown comes here). */
function replacingLock(locks: readonly Lock[], lock: Lock): Lock[] {
  const scope = scopeText(lock.scope);
  const next: Lock[] = [];
  // By index: a for-of allocated an iterator and a result per lock until V8 had optimised this.
  for (let i = 0; i < locks.length; i++) {
    const other = locks[i]!;
    if (!(other.rule === lock.rule && scopeText(other.scope) === scope)) next.push(other);
  }
  next.push(lock);
  return next;
}
