import type { TradeBook } from '../positions/trade-book.js';

export interface StrategyRealizedOptions {
  /** The P&L tab's realized P&L after fees of each source on the paper account (PnlService.realizedBySource). */
  readonly paperBySource: () => Promise<ReadonlyMap<string, number>>;
  /** Trade History's trades (the position ledger's), for configurations on live accounts. */
  readonly trades: Pick<TradeBook, 'list'>;
  /** A paper configuration's figure moved (its row is sent again). */
  readonly changed: () => void;
}

/**
 * The realized P&L of a strategy configuration: after fees (the entry and exit fees of its closed trades
 * are taken off), over everything it traded on its account — not only since the core last started. A
 * paper configuration's figure is the P&L tab's own (its row in "P&L by strategy", all time), so the
 * Strategies tab and the P&L tab say the same. A live one's is the sum of its trades in Trade History
 * (the same notion; the P&L tab covers the paper account only). The paper figures come from a replay of
 * the account's fills, which is asynchronous: they are worked out again when a paper fill lands.
 */
export class StrategyRealized {
  private paper: ReadonlyMap<string, number> = new Map();
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly options: StrategyRealizedOptions) {}

  of(account: string, name: string): number {
    if (account === 'paper') return this.paper.get(name) ?? 0;
    return this.options.trades
      .list(account)
      .filter((trade) => trade.owner === name)
      .reduce((sum, trade) => sum + trade.realizedPnl, 0);
  }

  /** Works the paper figures out again (once more when asked while it runs); resolves when they are current. */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.replay().finally(() => (this.running = null));
    return this.running;
  }

  private async replay(): Promise<void> {
    do {
      this.again = false;
      const started = performance.now();
      let next: ReadonlyMap<string, number>;
      try {
        next = await this.options.paperBySource();
      } catch {
        // Not answered (the paper exchange starting, or stopped for a market switch): the figures stay
        // until it answers; pnl.summary reports any other failure to the trader itself.
        return;
      }
      const moved = next.size !== this.paper.size || [...next].some(([source, value]) => this.paper.get(source) !== value);
      this.paper = next;
      if (moved) this.options.changed();
      // Sells landing while it replayed: one more replay, after a pause as long as this one took, so a
      // burst of fills on a long history never keeps a core busy replaying (at most half the time).
      if (this.again) await new Promise((resolve) => setTimeout(resolve, performance.now() - started));
    } while (this.again);
  }
}
