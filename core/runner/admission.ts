import type { MarketFeed } from '../market/feed.js';
import type { Candle, MarketSymbol } from '../market/candle.js';
import type { SubmitOutcome } from '../orders/pipeline.js';
import type { ExitReason, ScoreComponents } from '../strategies/contract.js';

/** An order a running configuration wants to send, as the portfolio's admission sees it. */
export interface AdmissionOrder {
  readonly account: string;
  readonly config: string;
  readonly strategy: string;
  readonly version: number;
  readonly symbol: MarketSymbol;
  readonly side: 'buy' | 'sell';
  readonly purpose: 'enter' | 'add' | 'exit';
  readonly type: 'market' | 'limit';
  /** Base quantity as the engine sized it. */
  readonly amount: number;
  /** The limit price, or the last close a market order is valued at. */
  readonly price: number;
  readonly exitReason: ExitReason | null;
  readonly tradeId: string;
  readonly act: 'trader' | 'automatic';
  /** The strategy's own score of the setup, when its intent carried one. */
  readonly score: number | null;
  readonly components: ScoreComponents | null;
  /** The strategy's readiness on the symbol right now (0–100). */
  readonly readiness: () => number | null;
}

/** A configuration running on a symbol when its bar closed (for near misses). */
export interface BarCandidate {
  readonly account: string;
  readonly config: string;
  readonly strategy: string;
  readonly version: number;
  readonly readiness: () => number | null;
  /** It holds a position on the symbol. */
  readonly holds: boolean;
}

/** Sends the order to the account's pipeline with this amount under this client order id. */
export type AdmissionSend = (amount: number, clientOrderId: string) => Promise<SubmitOutcome>;

/**
 * The portfolio's say over the orders of running configurations (the orchestrator implements it):
 * capital budgets and the cash reserve, one position per coin, which configuration gets a coin when
 * several want it on the same bar, sizing from the edge and the learned filter. The runner opens a
 * symbol's bar before feeding it to its engines and settles it after, so all of that bar's wishes are
 * weighed together.
 */
export interface OrderAdmission {
  /** `feed`: the key of the feed the bar came from (core/runner/run-feeds.ts: the chart's market or a venue's). */
  openBar(symbol: MarketSymbol, candle: Candle, feed: string): void;
  settleBar(symbol: MarketSymbol, candidates: readonly BarCandidate[]): void;
  /** A live venue's feed streams these symbols for a configuration: the desk reads their recent bars once (its features need history). */
  warmFeed?(feed: string, source: MarketFeed, symbols: readonly MarketSymbol[]): void;
  submit(order: AdmissionOrder, send: AdmissionSend): { readonly clientOrderId: string; readonly done: Promise<SubmitOutcome> };
}
