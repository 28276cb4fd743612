import { z } from 'zod';
import type { ExitState, PendingExit } from '../engine/exits.js';
import type { Position } from '../engine/positions.js';
import type { LedgerStore, Owner } from './ledger-store.js';

const exitReason = z.enum(['take_profit', 'stop_loss', 'trailing_stop', 'time_exit', 'signal', 'emergency_stop', 'manual']);

/** The saved form of an ExitState (JSON has no -Infinity: a trailing stop not yet armed is `null`). */
const savedExitStateSchema = z.object({
  stopLoss: z.number().nullable(),
  takeProfits: z.array(z.object({ price: z.number(), fraction: z.number() })),
  baseQuantity: z.number(),
  trailing: z.object({ activationPrice: z.number(), distancePct: z.number(), active: z.boolean(), stop: z.number().nullable() }).nullable(),
  deadline: z.number().nullable(),
  /** Saved before fractions below 1 were honoured: the last level then closed everything. */
  lastTakeProfitClosesAll: z.boolean().default(true),
  pendingExit: z
    .object({ reason: exitReason, quantity: z.union([z.number(), z.literal('all')]), since: z.number(), attempts: z.number(), retryAt: z.number(), lastError: z.string().nullable() })
    .nullable()
    .default(null),
});
type SavedExitStateJson = z.infer<typeof savedExitStateSchema>;

/** An owner's open position's exits as they were last saved. */
export interface RestoredExits {
  readonly exits: ExitState | null;
  readonly pendingExit: PendingExit | null;
  readonly highest: number | null;
}

/**
 * The exit plans of owners' open positions (stop, take profits still to come, trailing stop and whether
 * it is armed, deadline, an exit still pending): decided by the strategy and moved by the market, so
 * they cannot be re-derived from fills. Saved whenever they change, restored with the position.
 */
export class ExitStateBook {
  /** What was last saved per (account, owner, symbol) ('' = nothing saved), so unchanged state is not rewritten every bar. */
  private readonly saved = new Map<string, string>();

  /** Trades whose first stop is already recorded (this run). */
  private readonly stopped = new Set<string>();

  constructor(private readonly store: Pick<LedgerStore, 'saveExitState' | 'exitState' | 'clearExitState' | 'recordInitialStop'>) {}

  /** Saves the position's exit state when it changed; forgets it once the position is gone. */
  sync(account: string, owner: Owner, symbol: string, position: Position | null): void {
    const key = `${account}\u0000${owner}\u0000${symbol}`;
    if (position === null || !position.isOpen || (position.exits === null && position.pendingExit === null)) {
      if (this.saved.get(key) !== '') {
        this.store.clearExitState(account, owner, symbol);
        this.saved.set(key, '');
      }
      return;
    }
    const stop = position.exits?.stopLoss ?? null;
    if (stop !== null && stop > 0 && !this.stopped.has(`${account}\u0000${position.tradeId}`)) {
      // The risk the trade was opened with: its R multiple is measured against this stop.
      this.store.recordInitialStop(account, owner, position.tradeId, stop);
      this.stopped.add(`${account}\u0000${position.tradeId}`);
    }
    const state = toJson(position.exits, position.pendingExit);
    const text = JSON.stringify([position.tradeId, state, position.highest]);
    if (this.saved.get(key) === text) return;
    this.store.saveExitState(account, owner, symbol, { tradeId: position.tradeId, state, highest: position.highest });
    this.saved.set(key, text);
  }

  /** The exits saved for this very trade (none when none were saved, or for another trade). */
  restore(account: string, owner: Owner, symbol: string, tradeId: string): RestoredExits {
    const saved = this.store.exitState(account, owner, symbol);
    const parsed = saved && saved.tradeId === tradeId ? savedExitStateSchema.safeParse(saved.state) : null;
    if (!saved || !parsed?.success) return { exits: null, pendingExit: null, highest: null };
    this.saved.set(`${account}\u0000${owner}\u0000${symbol}`, JSON.stringify([tradeId, parsed.data, saved.highest]));
    return { ...fromJson(parsed.data), highest: saved.highest };
  }
}

function toJson(state: ExitState | null, pending: PendingExit | null): SavedExitStateJson {
  return {
    stopLoss: state?.stopLoss ?? null,
    takeProfits: state?.takeProfits.map((level) => ({ price: level.price, fraction: level.fraction })) ?? [],
    baseQuantity: state?.baseQuantity ?? 0,
    trailing: state?.trailing ? { ...state.trailing, stop: Number.isFinite(state.trailing.stop) ? state.trailing.stop : null } : null,
    deadline: state?.deadline ?? null,
    lastTakeProfitClosesAll: state?.lastTakeProfitClosesAll ?? true,
    pendingExit: pending ? { reason: pending.reason, quantity: pending.quantity, since: pending.since, attempts: pending.attempts, retryAt: pending.retryAt, lastError: pending.lastError } : null,
  };
}

function fromJson(saved: SavedExitStateJson): { exits: ExitState | null; pendingExit: PendingExit | null } {
  const hasPlan = saved.stopLoss !== null || saved.takeProfits.length > 0 || saved.trailing !== null || saved.deadline !== null;
  return {
    exits: hasPlan
      ? {
          stopLoss: saved.stopLoss,
          takeProfits: saved.takeProfits.map((level) => ({ ...level })),
          baseQuantity: saved.baseQuantity,
          trailing: saved.trailing ? { ...saved.trailing, stop: saved.trailing.stop ?? -Infinity } : null,
          deadline: saved.deadline,
          lastTakeProfitClosesAll: saved.lastTakeProfitClosesAll,
        }
      : null,
    // An order that carried it before the restart is gone from the engine's memory: it is tried again.
    pendingExit: saved.pendingExit ? { ...saved.pendingExit, orderId: null } : null,
  };
}
