import type { ProposedOrder, RiskDecision, RiskEvent } from '../engine/risk-gate.js';
import type { MarketSymbol } from '../market/candle.js';

/**
 * What a configuration's signals log shows of its refused orders: like the risk events feed, repeated
 * refusals of the same rule on the same symbol are one episode, logged once, until an order on that
 * symbol passes the gate again. The engine itself drops only exact repeats of a symbol's last event, so
 * refusals whose text alternates (its stop and its exit signal, an entry and an add, bar after bar
 * while HALTED) would otherwise be logged on every bar.
 */
export class RefusalEpisodes {
  /** Per symbol, the rules whose refusal is already logged in the running episode. */
  private readonly logged = new Map<MarketSymbol, Set<string>>();
  /** The last refusal the gate gave, which the engine reports next (in the same turn). */
  private last: { readonly reason: string; readonly symbol: MarketSymbol; readonly repeat: boolean } | null = null;

  /** Passes the gate's decision on, noting whether a refusal repeats a logged episode. */
  checked(order: ProposedOrder, decision: RiskDecision): RiskDecision {
    if (decision.ok) {
      this.logged.delete(order.symbol);
      this.last = null;
      return decision;
    }
    const rule = decision.rule ?? decision.reason;
    const rules = this.logged.get(order.symbol) ?? new Set<string>();
    this.last = { reason: decision.reason, symbol: order.symbol, repeat: rules.has(rule) };
    rules.add(rule);
    this.logged.set(order.symbol, rules);
    return decision;
  }

  /**
   * For an event the engine reports: `skip` when it is a refusal repeating a logged episode; the
   * refused order's symbol when it is a refusal; null for any other event.
   */
  classify(event: RiskEvent): 'skip' | MarketSymbol | null {
    const last = this.last;
    if (!last || !event.detail.endsWith(last.reason)) return null;
    this.last = null;
    return last.repeat ? 'skip' : last.symbol;
  }
}
