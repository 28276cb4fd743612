import { PaperExchange } from '../exchange/paper-exchange.js';
import type { PaperAccountStore } from '../exchange/paper-persistence.js';
import type { Balance, Fill, MarketRules } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';
import type { MarketWatch } from '../market/watch.js';
import type { OrderJournal } from '../orders/journal.js';
import { JournaledExchange } from '../orders/journaled-exchange.js';
import { fillSequence } from '../positions/fill-sequence.js';
import type { HaltSwitch } from '../risk/halt.js';
import { paperMarketRules } from './paper-markets.js';
import { TickBarBuilder } from './tick-bars.js';
import type { TradingAccount } from './trading-account.js';

/** Where the paper account is saved (core/store's PaperAccountRepository fits). */
export interface PaperAccountRepositoryPort {
  port(account: string): PaperAccountStore;
  markReset(account: string, at: number): void;
  atomically<T>(work: () => T): T;
}

export interface PaperAccountOptions {
  readonly market: MarketWatch;
  readonly journal: OrderJournal;
  readonly halt: HaltSwitch;
  readonly now: () => number;
  /** Starting cash in the markets' quote currency (default 10,000). */
  readonly startingBalance?: number;
  readonly repository?: PaperAccountRepositoryPort;
}

export const PAPER = 'paper';

/**
 * The paper account: a simulated spot exchange on the market the terminal watches, driven tick by tick
 * by the live feed (each update becomes a "tick bar"), journaled and halt-checked like a live account,
 * and saved in the encrypted store so balances and working orders survive a restart. It is rebuilt for
 * the new market when the trader switches the source.
 */
export class PaperAccount implements TradingAccount {
  readonly id = PAPER;
  readonly label = 'Paper';
  readonly mode = 'paper' as const;
  readonly exchange = PAPER;
  private paper: PaperExchange | null = null;
  private journaled: JournaledExchange | null = null;
  private ticks = new TickBarBuilder();
  private rules = new Map<MarketSymbol, MarketRules>();
  private detach: (() => void) | null = null;

  constructor(private readonly options: PaperAccountOptions) {}

  /** Builds the paper exchange for the feed's symbols (restoring what was saved) and starts driving it. */
  async start(): Promise<void> {
    this.ticks = new TickBarBuilder();
    this.rules = new Map();
    const feed = this.options.market.current;
    const lasts = new Map<MarketSymbol, Awaited<ReturnType<typeof feed.history>>[number]>();
    for (const symbol of feed.symbols()) {
      const last = (await feed.history(symbol, '1m', 1)).at(-1);
      if (last) lasts.set(symbol, last);
      this.rules.set(symbol, paperMarketRules(symbol, feed.priceStep(symbol), last?.close ?? 1));
    }
    const history = this.options.journal.venueFills(PAPER).sort(byFillSequence);
    const persistence = this.options.repository?.port(PAPER);
    this.paper = new PaperExchange({ markets: [...this.rules.values()], balances: { [this.quote]: this.startingBalance }, now: this.options.now, history, ...(persistence ? { persistence } : {}) });
    // Journaled before the first candle: orders restored from the store that fill now reach the journal (and the ledger).
    this.journaled = JournaledExchange.wrap({ inner: this.paper, journal: this.options.journal, halted: () => this.options.halt.halted, venue: PAPER });
    for (const [symbol, last] of lasts) this.paper.onCandle(symbol, last);
    this.detach = this.options.market.onCandle((update) => {
      const bar = this.ticks.next(update);
      if (bar) this.paper?.onCandle(update.symbol, bar);
    });
  }

  /** Markets the trader started watching after the start: tradable on paper from now on. */
  async addMarkets(symbols: readonly MarketSymbol[]): Promise<void> {
    const feed = this.options.market.current;
    for (const symbol of symbols) {
      if (this.rules.has(symbol) || !feed.symbols().includes(symbol)) continue;
      const last = (await feed.history(symbol, '1m', 1)).at(-1);
      const rules = paperMarketRules(symbol, feed.priceStep(symbol), last?.close ?? 1);
      this.rules.set(symbol, rules);
      this.paper?.addMarket(rules);
      if (last) this.paper?.onCandle(symbol, last);
    }
  }

  stop(): void {
    this.detach?.();
    this.detach = null;
    this.journaled = null;
    this.paper = null;
  }

  get started(): boolean {
    return this.journaled !== null;
  }

  get port(): JournaledExchange {
    if (!this.journaled) throw new Error('the paper exchange is starting; try again in a moment');
    return this.journaled;
  }

  get quote(): string {
    return [...this.rules.values()][0]?.quote ?? 'USDT';
  }

  get startingBalance(): number {
    return this.options.startingBalance ?? 10_000;
  }

  symbols(): MarketSymbol[] {
    return [...this.rules.keys()];
  }

  market(symbol: MarketSymbol): MarketRules | null {
    return this.rules.get(symbol) ?? null;
  }

  balanceSnapshot(): readonly Balance[] | null {
    return this.paper?.balancesNow() ?? null;
  }

  async balances(): Promise<readonly Balance[]> {
    return this.balanceSnapshot() ?? [];
  }

  /** The last tick, else the last candle's close. */
  markPrice(symbol: MarketSymbol): number | null {
    return this.ticks.lastPrice(symbol) ?? this.paper?.lastCandleClose(symbol) ?? null;
  }

  /** A market buy reserves its amount at the last close plus the market's slippage (and the fee). */
  marketBuyReserve(symbol: MarketSymbol): number {
    return this.paper?.slippage(symbol) ?? 0;
  }

  hasWorkingOrders(): boolean {
    return this.paper?.hasWorkingOrders() ?? false;
  }

  /** Starts the account over at its starting balance (the caller checked that nothing is open). */
  reset(at: number): readonly Balance[] {
    const paper = this.paper;
    if (!paper) throw new Error('the paper exchange is starting; try again in a moment');
    const reset = () => {
      paper.reset({ [this.quote]: this.startingBalance });
      this.options.repository?.markReset(PAPER, at);
    };
    if (this.options.repository) this.options.repository.atomically(reset);
    else reset();
    return paper.balancesNow();
  }
}

/** Journal order (time, then the venue's fill number: the order they happened in), oldest first. */
export function byFillSequence(a: Fill, b: Fill): number {
  return a.time - b.time || fillSequence(a.id) - fillSequence(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
