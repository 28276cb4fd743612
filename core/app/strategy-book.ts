import { z } from 'zod';
import { exitReasonSchema } from '../api/contract/trading.js';
import type { EngineFill } from '../engine/events.js';
import type { ExitState } from '../engine/exits.js';
import { Position } from '../engine/positions.js';
import type { MarketSymbol } from '../market/candle.js';
import type { StrategyFillLeg, StrategyTradeRepository } from '../store/repositories/strategy-trades.js';
import { paperFillNumber } from './paper-fill-number.js';

/** A configuration's open position as rebuilt after a restart, with its exits as they were last saved. */
export interface RestoredPosition {
  readonly position: Position;
  readonly exits: ExitState | null;
}

/** The saved form of an ExitState (JSON has no -Infinity: a trailing stop not yet armed is `null`). */
const savedExitStateSchema = z.object({
  stopLoss: z.number().nullable(),
  takeProfits: z.array(z.object({ price: z.number(), fraction: z.number() })),
  baseQuantity: z.number(),
  trailing: z.object({ activationPrice: z.number(), distancePct: z.number(), active: z.boolean(), stop: z.number().nullable() }).nullable(),
  deadline: z.number().nullable(),
});
type SavedExitStateJson = z.infer<typeof savedExitStateSchema>;

/**
 * The store's side of strategy positions: records which trade every strategy fill belongs to (in the
 * same transaction as the fill: the paper exchange commits a bar's fills with what its listeners write),
 * keeps each open position's exit state saved as it changes, and rebuilds a configuration's open
 * positions from its journaled fills after a restart (positions are never only in memory).
 */
export class StrategyBook {
  /** What was last saved per configuration and symbol ('' = nothing saved), so unchanged state is not rewritten every bar. */
  private readonly saved = new Map<string, string>();

  constructor(
    private readonly trades: Pick<StrategyTradeRepository, 'record' | 'legs' | 'saveExitState' | 'exitState' | 'clearExitState'>,
    private readonly venue: string,
  ) {}

  /** Records the trade (and, for an exit, the one reason) of a fill a configuration's engine applied. */
  recordFill(strategy: string, fill: Pick<EngineFill, 'id' | 'tradeId' | 'qty' | 'purpose' | 'reason'>): void {
    const exitReason = fill.purpose === 'exit' ? exitReasonSchema.safeParse(fill.reason) : null;
    this.trades.record({ venue: this.venue, fillId: fill.id, strategy, tradeId: fill.tradeId, quantity: fill.qty, exitReason: exitReason?.success ? exitReason.data : null });
  }

  /** Saves the position's exit state (and highest price) when it changed; forgets it once the position is gone. */
  syncExits(strategy: string, symbol: MarketSymbol, position: Position | null): void {
    const key = `${strategy}\u0000${symbol}`;
    if (position === null || !position.isOpen || position.exits === null) {
      if (this.saved.get(key) !== '') {
        this.trades.clearExitState(this.venue, strategy, symbol);
        this.saved.set(key, '');
      }
      return;
    }
    const state = toJson(position.exits);
    const text = JSON.stringify([position.tradeId, state, position.highest]);
    if (this.saved.get(key) === text) return;
    this.trades.saveExitState(this.venue, strategy, symbol, { tradeId: position.tradeId, state, highest: position.highest });
    this.saved.set(key, text);
  }

  /**
   * The configuration's open positions rebuilt from its fills in the order the venue made them (entries
   * add tranches, exits consume them FIFO with their recorded reason), each with the exit state saved
   * for that very trade — or none, when none was saved (the position then has no automatic exits).
   */
  restore(strategy: string): Map<MarketSymbol, RestoredPosition> {
    const open = new Map<MarketSymbol, Position>();
    for (const leg of this.trades.legs(this.venue, strategy).sort(byVenueSequence)) apply(open, strategy, leg);
    const restored = new Map<MarketSymbol, RestoredPosition>();
    for (const [symbol, position] of open) {
      if (!position.isOpen) continue;
      const saved = this.trades.exitState(this.venue, strategy, symbol);
      const parsed = saved && saved.tradeId === position.tradeId ? savedExitStateSchema.safeParse(saved.state) : null;
      if (saved && parsed?.success) position.markHigh(saved.highest);
      const exits = parsed?.success ? fromJson(parsed.data) : null;
      // Shown with the position (a leftover's exits are displayed, not enforced) and re-armed by an engine.
      position.exits = exits;
      if (exits) this.saved.set(`${strategy}\u0000${symbol}`, JSON.stringify([position.tradeId, parsed!.data, position.highest]));
      restored.set(symbol, { position, exits });
    }
    return restored;
  }
}

function apply(open: Map<MarketSymbol, Position>, strategy: string, leg: StrategyFillLeg): void {
  const { fill } = leg;
  const fee = fill.amount > 0 ? (fill.fee * leg.quantity) / fill.amount : 0;
  let position = open.get(fill.symbol);
  if (fill.side === 'buy') {
    if (!position?.isOpen) {
      // An entry no engine attributed (it filled while none was running) opens a trade named after it.
      position = new Position(leg.tradeId ?? `${strategy}-${fill.id}`, fill.symbol, fill.time, fill.price);
      open.set(fill.symbol, position);
    }
    position.addFill(fill.clientOrderId, leg.quantity, fill.price, fee, fill.time);
  } else if (position?.isOpen) {
    position.reduce(Math.min(leg.quantity, position.quantity), fill.price, fee, fill.time, leg.exitReason ?? 'manual');
  }
}

/** The venue's fill numbers say the order fills happened in (market time can repeat: a replay starts over). */
function byVenueSequence(a: StrategyFillLeg, b: StrategyFillLeg): number {
  return paperFillNumber(a.fill.id) - paperFillNumber(b.fill.id) || a.fill.time - b.fill.time || (a.fill.id < b.fill.id ? -1 : a.fill.id > b.fill.id ? 1 : 0);
}

function toJson(state: ExitState): SavedExitStateJson {
  return {
    stopLoss: state.stopLoss,
    takeProfits: state.takeProfits.map((level) => ({ price: level.price, fraction: level.fraction })),
    baseQuantity: state.baseQuantity,
    trailing: state.trailing ? { ...state.trailing, stop: Number.isFinite(state.trailing.stop) ? state.trailing.stop : null } : null,
    deadline: state.deadline,
  };
}

function fromJson(saved: SavedExitStateJson): ExitState {
  return {
    stopLoss: saved.stopLoss,
    takeProfits: saved.takeProfits.map((level) => ({ ...level })),
    baseQuantity: saved.baseQuantity,
    trailing: saved.trailing ? { ...saved.trailing, stop: saved.trailing.stop ?? -Infinity } : null,
    deadline: saved.deadline,
  };
}
