import { RealizedBySource } from '../engine/pnl-realized.js';
import type { PnlFill } from '../engine/pnl-ledger.js';
import type { Fill } from '../exchange/port.js';
import type { TradeBook } from '../positions/trade-book.js';
import type { FillOrder, PaperPnlFill } from './pnl-service.js';

export interface StrategyRealizedOptions {
  /** The paper account's fills since its last reset, as the P&L tab replays them (PnlService.paperFills). */
  readonly paperFills: () => Promise<readonly PaperPnlFill[]>;
  /** A new paper fill (with the journal's row of its order) as the P&L tab counts it, or null when it does not count (PnlService.pnlFill). */
  readonly paperFill: (fill: Fill, order: FillOrder | null) => PnlFill | null;
  /** Trade History's trades (the position ledger's), for configurations on live accounts. */
  readonly trades: Pick<TradeBook, 'realizedOf'>;
  /** A paper configuration's figure moved (its row is sent again). */
  readonly changed: () => void;
}

/**
 * The realized P&L of a strategy configuration: after fees (the entry and exit fees of its closed trades
 * are taken off), over everything it traded on its account — not only since the core last started. A
 * paper configuration's figure is the P&L tab's own (its row in "P&L by strategy", all time), so the
 * Strategies tab and the P&L tab say the same. A live one's is the sum of its trades in Trade History
 * (the same notion; the P&L tab covers the paper account only).
 *
 * The paper figures are running ones (RealizedBySource, the P&L report's own ledger and tally): built
 * from the account's fills when the paper account starts or is reset, then moved by each new fill —
 * never a replay of the history per fill.
 */
export class StrategyRealized {
  private paper = new RealizedBySource();
  /**
   * `unread`: the start's read is still to come (it will hold the fills heard before it); `reading`: fills
   * heard meanwhile are kept; `unanswered`: the history could not be read, so the next fill asks again.
   */
  private state: 'unread' | 'reading' | 'built' | 'unanswered' = 'unread';
  private heard: HeardFill[] = [];
  private running: Promise<void> | null = null;
  private again = false;
  private changeQueued = false;

  constructor(private readonly options: StrategyRealizedOptions) {}

  of(account: string, name: string): number {
    return account === 'paper' ? this.paper.net(name) : this.options.trades.realizedOf(account, name);
  }

  /** A new fill of the paper account (the journal's, with its order's row): moves its source's figure, and any other it closed. */
  paperFill(fill: Fill, order: FillOrder | null): void {
    if (this.state === 'reading') {
      this.heard.push({ fill, order });
      return;
    }
    if (this.state === 'unanswered') void this.rebuild(); // the history it reads holds this fill too
    if (this.state !== 'built') return;
    const counted = this.options.paperFill(fill, order);
    if (counted && this.paper.apply(counted).length > 0) this.moved();
  }

  /**
   * Builds the paper figures again from the account's fills (at the start, after a reset or a market
   * switch: whenever the history itself changes); once more when asked while it reads. Resolves when
   * they are current.
   */
  rebuild(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.read().finally(() => (this.running = null));
    return this.running;
  }

  private async read(): Promise<void> {
    do {
      this.again = false;
      const before = this.state;
      this.state = 'reading';
      this.heard = [];
      let history: readonly PaperPnlFill[];
      try {
        history = await this.options.paperFills();
      } catch {
        // Not answered (the paper exchange starting, or stopped for a market switch): the figures stay,
        // and so do the fills heard meanwhile.
        this.state = before === 'built' ? 'built' : 'unanswered';
        if (before === 'built') for (const { fill, order } of this.take()) this.paperFill(fill, order);
        return;
      }
      const next = new RealizedBySource();
      for (const fill of history) next.apply(fill);
      // Fills that landed while the history was read and are not in it come after it.
      const heard = this.take();
      const read = heard.length > 0 ? new Set(history.map((fill) => fill.fillId)) : null;
      for (const { fill, order } of heard) {
        const counted = read?.has(fill.id) ? null : this.options.paperFill(fill, order);
        if (counted) next.apply(counted);
      }
      const moved = !sameFigures(this.paper.bySource(), next.bySource());
      this.paper = next;
      this.state = 'built';
      if (moved) this.moved();
    } while (this.again);
  }

  private take(): HeardFill[] {
    const heard = this.heard;
    this.heard = [];
    return heard;
  }

  /** Many fills can land in one tick: the rows are sent once per turn. */
  private moved(): void {
    if (this.changeQueued) return;
    this.changeQueued = true;
    queueMicrotask(() => {
      this.changeQueued = false;
      this.options.changed();
    });
  }
}

interface HeardFill {
  readonly fill: Fill;
  readonly order: FillOrder | null;
}

function sameFigures(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  return a.size === b.size && [...a].every(([source, value]) => b.get(source) === value);
}
