import type { MarketSymbol } from '../market/candle.js';
import { edgeStats, EDGE_DEFAULTS, type EdgeSettings, type EdgeStats } from './edge.js';
import { formatPct } from './format.js';
import type { DecisionLog, TradeOutcomeStore } from './records.js';

/** One exit of a configuration's position, as the position ledger reports it. */
export interface ConfigExit {
  readonly account: string;
  readonly owner: string;
  readonly symbol: MarketSymbol;
  readonly tradeId: string;
  readonly entryTime: number;
  readonly exitTime: number;
  /** Quantity × entry price of the part that closed. */
  readonly cost: number;
  readonly pnl: number;
  /** The position is now closed. */
  readonly closed: boolean;
}

export interface EdgeDecayAlert {
  readonly config: string;
  readonly symbol: MarketSymbol;
  readonly kind: 'negative' | 'fell';
  readonly stats: EdgeStats;
  readonly message: string;
}

export interface EdgeBookOptions {
  readonly outcomes: TradeOutcomeStore;
  readonly decisions: DecisionLog;
  readonly settings?: EdgeSettings;
  readonly onDecay: (alert: EdgeDecayAlert) => void;
  /** A configuration's trade closed (its edge and the learned filter's data changed). */
  readonly onClosed?: (config: string, symbol: MarketSymbol) => void;
  /**
   * The strategy a configuration runs now: its edge counts only that strategy's trades (a strategy changed
   * under the same name starts over; a parameter change keeps the history). Unscoped when not given or null.
   */
  readonly strategyOf?: (config: string) => string | null;
}

const signed = (fraction: number) => `${fraction > 0 ? '+' : ''}${formatPct(fraction * 100)}`;

/**
 * Each configuration's edge per symbol, from its own closed trades: every exit is added to its trade;
 * when the trade closes, its outcome settles the decisions that opened it, the edge is recomputed and a
 * decay (the rolling expected value turning negative or falling by more than the set share) is alerted
 * once per episode.
 */
export class EdgeBook {
  private readonly cache = new Map<string, EdgeStats>();
  private readonly decaying = new Map<string, 'negative' | 'fell'>();

  constructor(private readonly options: EdgeBookOptions) {}

  get settings(): EdgeSettings {
    return this.options.settings ?? EDGE_DEFAULTS;
  }

  stats(config: string, symbol: MarketSymbol): EdgeStats {
    const strategy = this.strategyOf(config);
    const key = this.key(config, symbol);
    let stats = this.cache.get(key);
    if (!stats) {
      stats = edgeStats(this.options.outcomes.closed(config, symbol, strategy), this.settings);
      this.cache.set(key, stats);
    }
    return stats;
  }

  onExit(exit: ConfigExit): void {
    const trade = this.options.outcomes.addExit({
      account: exit.account,
      owner: exit.owner,
      tradeId: exit.tradeId,
      symbol: exit.symbol,
      source: exit.account === 'paper' ? 'paper' : 'live',
      openedAt: exit.entryTime,
      closedAt: exit.exitTime,
      cost: exit.cost,
      pnl: exit.pnl,
      closed: exit.closed,
      strategy: this.strategyOf(exit.owner) ?? null,
    });
    if (!trade.closed) return;
    this.options.decisions.settle(exit.account, exit.owner, exit.tradeId, { ret: trade.cost > 0 ? trade.pnl / trade.cost : 0, pnl: trade.pnl, closedAt: trade.closedAt });
    this.cache.delete(this.key(exit.owner, exit.symbol));
    const stats = this.stats(exit.owner, exit.symbol);
    this.checkDecay(exit.owner, exit.symbol, stats);
    this.options.onClosed?.(exit.owner, exit.symbol);
  }

  /** The strategy whose trades `stats(config, …)` counts: the one the configuration runs now (undefined: unscoped). */
  strategyOf(config: string): string | undefined {
    return this.options.strategyOf?.(config) ?? undefined;
  }

  /** Per configuration, strategy and symbol: a new strategy's edge (and decay episodes) start apart from the old one's. */
  private key(config: string, symbol: MarketSymbol): string {
    return `${config}|${this.strategyOf(config) ?? ''}|${symbol}`;
  }

  private checkDecay(config: string, symbol: MarketSymbol, stats: EdgeStats): void {
    const key = this.key(config, symbol);
    if (stats.decay === null) {
      this.decaying.delete(key);
      return;
    }
    if (this.decaying.get(key) === stats.decay) return;
    this.decaying.set(key, stats.decay);
    const window = this.settings.rollingWindow;
    const rolling = stats.rollingExpectedReturn ?? 0;
    const message =
      stats.decay === 'negative'
        ? `${config} on ${symbol}: the expected value of the last ${window} trades turned negative (${signed(rolling)} per trade${stats.earlierExpectedReturn !== null ? `, was ${signed(stats.earlierExpectedReturn)}` : ''})`
        : `${config} on ${symbol}: the expected value of the last ${window} trades fell from ${signed(stats.earlierExpectedReturn ?? 0)} to ${signed(rolling)} per trade (more than ${formatPct(this.settings.decayShare * 100)} down)`;
    this.options.onDecay({ config, symbol, kind: stats.decay, stats, message });
  }
}
