import type { PositionView } from '../api/contract/trading.js';
import type { ExchangePort, Fill } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';
import type { StrategyConfigRecord } from '../store/repositories/strategy-configs.js';
import type { ExitReason } from '../strategies/contract.js';
import { LeftoverPositions } from './leftover-positions.js';
import type { LiveStrategyPort } from './live-strategy-port.js';
import type { StrategyBook } from './strategy-book.js';

export interface LiveLeftoversOptions {
  /** Every saved configuration (those on live accounts are looked at). */
  readonly configs: () => readonly StrategyConfigRecord[];
  /** True when a running engine of `name` trades `symbol` (it holds the position then). */
  readonly runs: (name: string, symbol: MarketSymbol) => boolean;
  readonly book: (account: string) => StrategyBook | null;
  /** The armed account's port; null while it is not armed (its leftovers show but cannot be closed). */
  readonly port: (account: string) => LiveStrategyPort | null;
  readonly claimOrder: (clientOrderId: string, strategy: string, account: string) => void;
  readonly attributeOrder?: (clientOrderId: string, tradeId: string, exitReason: ExitReason | null) => void;
  readonly mark: (account: string, symbol: MarketSymbol) => number | null;
}

/**
 * Positions that configurations left on live accounts (switched off, the account disarmed, a symbol
 * dropped): what LeftoverPositions does for paper, per live account — shown in Positions from their
 * journaled fills and closed from the row with a market sell at the venue under the configuration's name.
 */
export class LiveLeftovers {
  private readonly accounts = new Map<string, LeftoverPositions>();

  constructor(private readonly options: LiveLeftoversOptions) {}

  /** Rebuilds every live account's list from the store. */
  refresh(): void {
    for (const account of new Set(this.options.configs().filter((record) => record.account !== 'paper').map((record) => record.account))) {
      this.of(account)?.refresh();
    }
  }

  views(): PositionView[] {
    return [...this.accounts.values()].flatMap((leftovers) => leftovers.views());
  }

  /** Sells `name`'s leftover `symbol` position on `account` at market; false when there is none. */
  close(account: string, name: string, symbol: MarketSymbol): boolean {
    return this.accounts.get(account)?.close(name, symbol) ?? false;
  }

  /** The emergency stop's flatten sold `left` of `fill` on `port` that no engine held; returns what leftovers took. */
  flattened(port: ExchangePort, fill: Fill, left: number): number {
    for (const [account, leftovers] of this.accounts) {
      if (this.options.port(account)?.journaled === port) return leftovers.flattened(fill, left);
    }
    return 0;
  }

  stop(): void {
    for (const leftovers of this.accounts.values()) leftovers.stop();
    this.accounts.clear();
  }

  private of(account: string): LeftoverPositions | null {
    const existing = this.accounts.get(account);
    if (existing) return existing;
    const book = this.options.book(account);
    if (!book) return null;
    const { options } = this;
    const leftovers = new LeftoverPositions({
      book,
      account,
      names: () => options.configs().filter((record) => record.account === account).map((record) => record.name),
      runs: options.runs,
      exchange: () => options.port(account),
      claimOrder: (id, name) => options.claimOrder(id, name, account),
      ...(options.attributeOrder ? { attributeOrder: options.attributeOrder } : {}),
      mark: (symbol) => options.mark(account, symbol),
    });
    this.accounts.set(account, leftovers);
    return leftovers;
  }
}
