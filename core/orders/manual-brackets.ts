import { z } from 'zod';
import type { Candle, MarketSymbol } from '../market/candle.js';
import type { ProtectiveTarget } from './protective-stops.js';
import type { OrderPipeline } from './pipeline.js';

/** A take profit and stop loss attached to the trader's own position in one symbol on one account. */
export const bracketSchema = z.object({
  account: z.string(),
  symbol: z.string(),
  takeProfit: z.number().positive().nullable(),
  stopLoss: z.number().positive().nullable(),
  /** The entry order the bracket came with: if it ends unfilled and no position exists, the bracket goes too. */
  entryOrder: z.string(),
});
export type Bracket = z.infer<typeof bracketSchema>;
/** Saved with a mark when its entry has not filled yet (it is not the position's exits until then). */
const savedSchema = z.array(bracketSchema.extend({ pending: z.boolean().optional() }));

export interface ManualBracketsOptions {
  readonly pipeline: Pick<OrderPipeline, 'submit'>;
  /** The trader's open position quantity on the account and symbol (0 when none). */
  readonly manualQuantity: (account: string, symbol: MarketSymbol) => number;
  /** An entry order as the journal has it now: how much filled, and whether it still works (null: unknown). */
  readonly entry: (clientOrderId: string) => { readonly filled: number; readonly working: boolean } | null;
  /** Places, moves or removes the position's stop at the venue (core/orders/protective-stops.ts). */
  readonly protect: (target: ProtectiveTarget) => void;
  readonly halted: () => boolean;
  /** Accounts whose positions this market's bars value (the paper account; a live one on the watched exchange). */
  readonly accountsWatching: (symbol: MarketSymbol) => readonly string[];
  readonly load: () => unknown;
  readonly save: (brackets: readonly Bracket[]) => void;
}

/**
 * Brackets of the trader's own positions: a take profit and a stop loss set on the ticket with the entry.
 * They are the position's exits — checked on every closed bar like a strategy's (a low at or under the
 * stop sells at market as `stop_loss`, a high at or over the target as `take_profit`), paused while
 * HALTED, kept across restarts — and the stop also rests at the venue where the venue takes stop orders
 * (the position row then says "protected at venue"). A new bracket on the same account and symbol
 * replaces the old one when its entry first fills (as a venue's bracket children activate on the
 * entry's fill): it then covers the whole position. Until then the old bracket keeps protecting what is
 * held, and an entry that ends unfilled takes its bracket with it.
 */
export class ManualBrackets {
  private readonly brackets = new Map<string, Bracket>();
  /** Brackets whose entry order has not filled yet, by that order's client id. */
  private readonly pending = new Map<string, Bracket>();
  /** Exits sent and not settled yet, so a second bar does not send another. */
  private readonly exiting = new Set<string>();

  constructor(private readonly options: ManualBracketsOptions) {
    const saved = savedSchema.safeParse(options.load() ?? []);
    for (const { pending, ...bracket } of saved.success ? saved.data : []) {
      if (pending === true) this.pending.set(bracket.entryOrder, bracket);
      else this.brackets.set(key(bracket.account, bracket.symbol), bracket);
    }
  }

  get(account: string, symbol: MarketSymbol): Bracket | null {
    return this.brackets.get(key(account, symbol)) ?? null;
  }

  /** After the entry order was accepted: the bracket covers the position from its first fill. */
  attach(bracket: Bracket): void {
    if (bracket.takeProfit === null && bracket.stopLoss === null) return;
    const entry = this.options.entry(bracket.entryOrder);
    if (entry !== null && entry.filled > 0) {
      this.activate(bracket);
      return;
    }
    // An entry that already ended unfilled has nothing to protect.
    if (entry !== null && !entry.working) return;
    this.pending.set(bracket.entryOrder, bracket);
    this.persist();
  }

  /** The bracket waiting for an entry that is about to be replaced (cancel/replace): taken out so the cancel does not void it. */
  takePending(clientOrderId: string): Bracket | null {
    const bracket = this.pending.get(clientOrderId) ?? null;
    if (bracket && this.pending.delete(clientOrderId)) this.persist();
    return bracket;
  }

  /** An entry order of the trader's filled (some or all): its waiting bracket becomes the position's exits. */
  entryFilled(clientOrderId: string): void {
    const bracket = this.pending.get(clientOrderId);
    if (!bracket) return;
    this.pending.delete(clientOrderId);
    this.activate(bracket);
  }

  private activate(bracket: Bracket): void {
    this.brackets.set(key(bracket.account, bracket.symbol), bracket);
    this.persist();
    this.positionChanged(bracket.account, bracket.symbol);
  }

  /** The trader's position moved (a fill): the venue's stop follows its quantity; a closed position drops its bracket. */
  positionChanged(account: string, symbol: MarketSymbol): void {
    const bracket = this.get(account, symbol);
    if (!bracket) return;
    const quantity = this.options.manualQuantity(account, symbol);
    if (quantity <= 0) return;
    this.options.protect({ account, owner: 'manual', symbol, stop: bracket.stopLoss === null ? null : { price: bracket.stopLoss, quantity, reason: 'stop_loss' } });
  }

  /** The account connected (a restart too): each of its bracketed positions asks for its venue stop again. */
  announce(account: string): void {
    for (const bracket of [...this.brackets.values()]) if (bracket.account === account) this.positionChanged(account, bracket.symbol);
  }

  /** A position that was open is now closed: its bracket and its venue stop go. */
  positionClosed(account: string, symbol: MarketSymbol): void {
    if (!this.brackets.delete(key(account, symbol))) return;
    this.persist();
    this.options.protect({ account, owner: 'manual', symbol, stop: null });
  }

  /** The bracket's entry order ended: unfilled with no position to protect, the bracket is void. */
  entryEnded(clientOrderId: string, filled: number): void {
    if (filled > 0) this.entryFilled(clientOrderId);
    else if (this.pending.delete(clientOrderId)) this.persist();
    for (const bracket of this.brackets.values()) {
      if (bracket.entryOrder !== clientOrderId || filled > 0) continue;
      if (this.options.manualQuantity(bracket.account, bracket.symbol) <= 0) {
        this.brackets.delete(key(bracket.account, bracket.symbol));
        this.persist();
      }
    }
  }

  /** A closed bar: each bracketed position whose stop or target the bar reached is sold at market. */
  onBar(symbol: MarketSymbol, candle: Candle): void {
    if (this.options.halted()) return;
    for (const account of this.options.accountsWatching(symbol)) {
      const bracket = this.get(account, symbol);
      const quantity = this.options.manualQuantity(account, symbol);
      if (!bracket || quantity <= 0 || this.exiting.has(key(account, symbol))) continue;
      const stopHit = bracket.stopLoss !== null && candle.low <= bracket.stopLoss;
      const targetHit = !stopHit && bracket.takeProfit !== null && candle.high >= bracket.takeProfit;
      if (stopHit || targetHit) this.exit(bracket, quantity, stopHit ? 'stop_loss' : 'take_profit');
    }
  }

  private exit(bracket: Bracket, quantity: number, reason: 'stop_loss' | 'take_profit'): void {
    const k = key(bracket.account, bracket.symbol);
    this.exiting.add(k);
    const level = reason === 'stop_loss' ? bracket.stopLoss : bracket.takeProfit;
    const submission = this.options.pipeline.submit({
      account: bracket.account,
      owner: 'manual',
      act: 'automatic',
      intent: { symbol: bracket.symbol, side: 'sell', type: 'market', amount: quantity, purpose: 'exit', reason: `${reason === 'stop_loss' ? 'stop loss' : 'take profit'} ${level}`, exitReason: reason },
    });
    // A refused exit stays armed: the next bar tries again.
    void submission.done.finally(() => this.exiting.delete(k));
  }

  private persist(): void {
    this.options.save([...this.brackets.values(), ...[...this.pending.values()].map((bracket) => ({ ...bracket, pending: true }))]);
  }
}

function key(account: string, symbol: string): string {
  return `${account}\u0000${symbol}`;
}

/**
 * A bracket must make sense for its entry, in the trader's words, per field: a buy's stop loss below the
 * entry and its take profit above it. Brackets protect a bought position: a sell (which closes what is held
 * on spot) takes none. `entry` is the limit price, or the last price for a market order.
 */
export function bracketProblems(side: 'buy' | 'sell', entry: number | null, takeProfit: number | null, stopLoss: number | null, show: (price: number) => string): { path: 'takeProfit' | 'stopLoss'; message: string }[] {
  const problems: { path: 'takeProfit' | 'stopLoss'; message: string }[] = [];
  if (side === 'sell') {
    if (takeProfit !== null) problems.push({ path: 'takeProfit', message: 'a take profit comes with a buy: a sell closes what you hold' });
    if (stopLoss !== null) problems.push({ path: 'stopLoss', message: 'a stop loss comes with a buy: a sell closes what you hold' });
    return problems;
  }
  if (entry === null) return problems;
  if (stopLoss !== null && !(stopLoss < entry)) problems.push({ path: 'stopLoss', message: `must be below the entry price ${show(entry)} for a buy` });
  if (takeProfit !== null && !(takeProfit > entry)) problems.push({ path: 'takeProfit', message: `must be above the entry price ${show(entry)} for a buy` });
  return problems;
}
