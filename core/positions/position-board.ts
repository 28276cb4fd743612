import type { ExitState, PendingExit } from '../engine/exits.js';
import type { MarketSymbol } from '../market/candle.js';
import type { OrderPipeline, SubmitOutcome } from '../orders/pipeline.js';
import { MANUAL, type LedgerEntry, type PositionLedger } from './ledger.js';

/** A position as the Positions tab shows it: the ledger's figures, its exits, and whether they are enforced. */
export interface PositionSnapshot {
  /** `<account>:<owner>:<symbol>`. */
  readonly id: string;
  readonly account: string;
  readonly symbol: MarketSymbol;
  /** `manual`, or the strategy configuration's name. */
  readonly owner: string;
  readonly quantity: number;
  readonly averageEntry: number;
  readonly markPrice: number | null;
  readonly unrealizedPnl: number | null;
  readonly unrealizedPnlPct: number | null;
  readonly realizedPnl: number;
  readonly fees: number;
  readonly openedAt: number;
  readonly tranches: { price: number; quantity: number; time: number }[];
  readonly stopLoss: number | null;
  readonly takeProfits: { price: number; fraction: number }[];
  readonly trailing: { active: boolean; stop: number | null } | null;
  /**
   * Whether its automatic exits work: `enforced`, `exit pending: <why it has not filled yet>`, `exits paused
   * (HALTED)`, `not enforced` (its configuration does not run); null for the trader's own positions.
   */
  readonly exitStatus: string | null;
  /** `protected at venue (stop …)` or `stop held by Halyard only: <why>`; null when it has no stop. */
  readonly protection: string | null;
}

/** What the strategy side says about an owner's exits (core/runner implements it). */
export interface ExitSupervisor {
  /** The exits of a running configuration's position, or null when no engine of it runs the symbol. */
  running(account: string, owner: string, symbol: MarketSymbol): { readonly exits: ExitState | null; readonly pending: PendingExit | null } | null;
  /** The exits last saved for a position no engine runs (shown, not enforced). */
  saved(account: string, owner: string, symbol: MarketSymbol, tradeId: string): ExitState | null;
  /** Closes (part of) a running configuration's position through its engine; null when none runs it. */
  closeFromRow(account: string, owner: string, symbol: MarketSymbol, quantity: number | 'all'): Promise<SubmitOutcome | null>;
}

export interface PositionBoardOptions {
  readonly ledger: PositionLedger;
  readonly markPrice: (account: string, symbol: MarketSymbol) => number | null;
  readonly exits: ExitSupervisor;
  readonly pipeline: Pick<OrderPipeline, 'submit'>;
  readonly halted: () => boolean;
  /** Where the position's stop is held (core/orders/protective-stops.ts). */
  readonly protection?: (account: string, owner: string, symbol: MarketSymbol, savedStop: number | null) => string | null;
  /** The take profit and stop loss the trader attached to their own position (core/orders/manual-brackets.ts). */
  readonly manualExits?: (account: string, symbol: MarketSymbol) => { readonly takeProfit: number | null; readonly stopLoss: number | null } | null;
  /** True while orders can go to `account` (a live one must be armed). */
  readonly connected: (account: string) => boolean;
  /** The market's minimum amount and notional, to refuse a reduce that would leave an unsellable rest. */
  readonly market: (account: string, symbol: MarketSymbol) => { readonly minAmount: number | null; readonly minCost: number | null; readonly amountStep: number; readonly base: string } | null;
}

/** A close from a row the ledger does not know (closed meanwhile, or a wrong id). */
export class PositionNotFoundError extends Error {
  constructor(readonly positionId: string) {
    super(`no open position ${positionId} (it may have been closed meanwhile)`);
    this.name = 'PositionNotFoundError';
  }
}

/**
 * Every open position of every account and owner, as the ledger has it, with its exits and whether they
 * are enforced; and the trader's close from a row — always allowed, HALTED too: closing a running
 * configuration's position goes through its engine (which keeps its books), anything else straight
 * through the order pipeline under the position's owner.
 */
export class PositionBoard {
  constructor(private readonly options: PositionBoardOptions) {}

  list(): PositionSnapshot[] {
    return this.options.ledger.entries().map((entry) => this.snapshot(entry));
  }

  async close(id: string, fraction: number): Promise<SubmitOutcome> {
    const parsed = parsePositionId(id);
    const entry = parsed ? this.options.ledger.entry(parsed.account, parsed.owner, parsed.symbol) : null;
    if (!parsed || !entry) throw new PositionNotFoundError(id);
    if (!this.options.connected(parsed.account)) {
      const whose = parsed.owner === MANUAL ? 'your' : `${parsed.owner}'s`;
      return { ok: false, stage: 'account', message: `Arm live account ${parsed.account.slice(parsed.account.indexOf(':') + 1)} before closing ${whose} ${parsed.symbol} position` };
    }
    const market = this.options.market(parsed.account, parsed.symbol);
    const whole = fraction >= 1;
    const quantity = whole ? entry.position.quantity : entry.position.quantity * fraction;
    if (!whole && market) {
      const remainder = entry.position.quantity - quantity;
      const mark = this.options.markPrice(parsed.account, parsed.symbol) ?? entry.position.averageEntry;
      if (remainder > 0 && (remainder < (market.minAmount ?? 0) || remainder * mark < (market.minCost ?? 0))) {
        return { ok: false, stage: 'rules', field: 'fraction', message: `reducing by ${fraction * 100} % would leave ${round(remainder, market.amountStep)} ${market.base}, below the market minimum; close the whole position instead` };
      }
    }
    const viaEngine = await this.options.exits.closeFromRow(parsed.account, parsed.owner, parsed.symbol, whole ? 'all' : quantity);
    if (viaEngine) return viaEngine;
    return this.options.pipeline.submit({
      account: parsed.account,
      owner: parsed.owner,
      act: 'trader',
      intent: { symbol: parsed.symbol, side: 'sell', type: 'market', amount: quantity, purpose: 'exit', reason: parsed.owner === MANUAL ? 'manual' : `${parsed.owner}: closed from its row`, exitReason: 'manual' },
    }).done;
  }

  private snapshot(entry: LedgerEntry): PositionSnapshot {
    const { position } = entry;
    const mark = this.options.markPrice(entry.account, entry.symbol);
    const running = entry.owner === MANUAL ? null : this.options.exits.running(entry.account, entry.owner, entry.symbol);
    const exits = running ? running.exits : entry.owner === MANUAL ? null : this.options.exits.saved(entry.account, entry.owner, entry.symbol, position.tradeId);
    const bracket = entry.owner === MANUAL ? (this.options.manualExits?.(entry.account, entry.symbol) ?? null) : null;
    const trailingStop = exits?.trailing?.active && Number.isFinite(exits.trailing.stop) ? exits.trailing.stop : null;
    const savedStop = trailingStop ?? exits?.stopLoss ?? bracket?.stopLoss ?? null;
    return {
      id: `${entry.account}:${entry.owner}:${entry.symbol}`,
      account: entry.account,
      symbol: entry.symbol,
      owner: entry.owner,
      quantity: position.quantity,
      averageEntry: position.averageEntry,
      markPrice: mark,
      unrealizedPnl: mark === null ? null : (mark - position.averageEntry) * position.quantity,
      unrealizedPnlPct: mark === null ? null : ((mark - position.averageEntry) / position.averageEntry) * 100,
      realizedPnl: position.realizedPnl,
      fees: entry.fees,
      openedAt: position.openedAt,
      tranches: position.openTranches(),
      stopLoss: exits?.stopLoss ?? bracket?.stopLoss ?? null,
      takeProfits: exits?.takeProfits.map((tp) => ({ price: tp.price, fraction: tp.fraction })) ?? (bracket?.takeProfit ? [{ price: bracket.takeProfit, fraction: 1 }] : []),
      trailing: exits?.trailing ? { active: exits.trailing.active, stop: Number.isFinite(exits.trailing.stop) ? exits.trailing.stop : null } : null,
      exitStatus: entry.owner === MANUAL ? bracketStatus(bracket, this.options.halted()) : exitStatus(running, this.options.halted()),
      protection: this.options.protection?.(entry.account, entry.owner, entry.symbol, savedStop) ?? null,
    };
  }
}

/** The trader's own position: its bracket is enforced by Halyard (paused while HALTED); none without one. */
function bracketStatus(bracket: { readonly takeProfit: number | null; readonly stopLoss: number | null } | null, halted: boolean): string | null {
  if (bracket === null) return null;
  return halted ? 'exits paused (HALTED)' : 'enforced';
}

function exitStatus(running: ReturnType<ExitSupervisor['running']>, halted: boolean): string {
  if (running === null) return 'not enforced';
  if (halted) return 'exits paused (HALTED)';
  const pending = running.pending;
  if (pending !== null) return `exit pending: ${pending.lastError ?? `${pending.reason.replace('_', ' ')} order working`}`;
  return 'enforced';
}

/** `<account>:<owner>:<symbol>`; the account may itself hold a colon (`binance:main`). */
export function parsePositionId(id: string): { account: string; owner: string; symbol: MarketSymbol } | null {
  const match = /^(.+):([^:]+):([A-Z0-9]+\/[A-Z0-9]+(?::[A-Z0-9]+)?)$/.exec(id);
  return match ? { account: match[1]!, owner: match[2]!, symbol: match[3]! } : null;
}

function round(value: number, step: number): number {
  const decimals = Math.max(0, Math.min(12, Math.ceil(-Math.log10(step))));
  return Number(value.toFixed(decimals));
}
