import type { Candle, MarketSymbol } from '../market/candle.js';
import type { MarketFeed } from '../market/feed.js';
import type { SubmitOutcome } from '../orders/pipeline.js';
import type { AdmissionOrder, AdmissionSend, BarCandidate, OrderAdmission } from '../runner/admission.js';
import type { AllocationBook } from './allocation-book.js';
import { arbitrate, type Arbitration, type Claim, type Wish } from './arbitration.js';
import { checkCapital, type CapitalRule } from './capital.js';
import type { EdgeStats } from './edge.js';
import { EntryTally } from './entry-tally.js';
import { setupFeatures, type BarBook, type FeatureVector } from './features.js';
import { formatMoney, formatPct, round } from './format.js';
import type { Prediction } from './learn/boosted-trees.js';
import { setupScore } from './learn/train-filter.js';
import type { PolicyBook } from './policies.js';
import type { DecisionLog, DecisionVerdict } from './records.js';

const MINUTE = 60_000;
/** Two days of an exchange's 1m bars: what the orchestrator reads of the chart's exchange too. */
const VENUE_WARM_BARS = 2 * 1_440;
/** Readiness at which a strategy acts; a near miss is within 10 points of it. */
export const ACTING_SCORE = 100;
export const NEAR_MISS_POINTS = 10;
/** Score given to setups of strategies that do not score them (neutral for the learned filter). */
export const NEUTRAL_SCORE = 50;

/** A configuration's active learned filter, as the desk uses it. */
export interface ActiveFilter {
  readonly version: number;
  predict(features: Readonly<Record<string, number>>): Prediction;
}

export interface DeskOptions {
  readonly book: BarBook;
  /** The feed whose bars a configuration on `account` trades (its features are read from them). */
  readonly feedOf: (account: string) => string;
  readonly allocation: AllocationBook;
  readonly policies: PolicyBook;
  readonly edge: (config: string, symbol: MarketSymbol) => EdgeStats;
  readonly filter: (config: string) => ActiveFilter | null;
  readonly decisions: DecisionLog;
  /** Positions and working entry orders of configurations (not the trader's own) on the account's coin. */
  readonly claims: (account: string, symbol: MarketSymbol) => readonly Claim[];
  /** What a configuration commits on one coin (positions at cost plus working entries), for Kelly. */
  readonly committedOn: (account: string, config: string, symbol: MarketSymbol) => number;
  readonly equity: (account: string) => number | null;
  readonly quote: (account: string) => string;
  readonly now: () => number;
  readonly newOrderId: () => string;
}

interface Held {
  readonly order: AdmissionOrder;
  readonly send: AdmissionSend;
  readonly clientOrderId: string;
  readonly resolve: (outcome: SubmitOutcome) => void;
}

/** What entries admitted earlier in the same settlement commit: by configuration, configuration|symbol, and in all. */
interface Batch {
  readonly byConfig: Map<string, number>;
  total: number;
}

/** One configuration's orders on a coin in one settlement, with how its setup scored. */
interface Bid {
  readonly config: string;
  readonly items: Held[];
  readonly opening: boolean;
  readonly ruleScore: number;
  readonly features: FeatureVector;
  readonly prediction: { readonly version: number; readonly pWin: number } | null;
  readonly score: number;
}

const refused = (message: string): SubmitOutcome => ({ ok: false, stage: 'risk', message });

/** A desk refusal as the entry's summary line says it (its own line in the log has the numbers). */
const CAPITAL_REFUSAL: Record<CapitalRule, (budget: number) => string> = {
  budget: (budget) => (budget > 0 ? 'over budget' : 'no budget'),
  reserve: () => 'into the cash reserve',
  equity: () => 'equity not known',
};

/**
 * The orchestrator's admission desk: every order of a running configuration passes here on its way to
 * the account's pipeline. Entries (and strategy signal exits) decided on a bar are held until the
 * runner settles that bar, then weighed together: opposing signals, one position per coin and the
 * same-bar contest (arbitration.ts), the learned filter, fractional Kelly, the configuration's budget
 * and the account's cash reserve. Protective exits and the trader's own closes never wait. Every
 * decision is logged with the setup's features; so is a near miss.
 */
export class AdmissionDesk implements OrderAdmission {
  private readonly bars = new Map<MarketSymbol, { time: number; held: Held[] }>();
  private readonly nearMisses = new Set<string>();
  /** Notional sent to the pipeline and not settled yet (not in the journal or the ledger): by config, config|symbol and account. */
  private readonly inFlight = new Map<string, number>();

  /** feed|symbol pairs whose history was read into the bar book (once each). */
  private readonly warmed = new Set<string>();

  constructor(private readonly options: DeskOptions) {}

  /** A venue's recent 1m history into the bar book, once per feed and symbol (the chart's market is warmed by the orchestrator). */
  warmFeed(feed: string, source: MarketFeed, symbols: readonly MarketSymbol[]): void {
    for (const symbol of symbols.filter((s) => !this.warmed.has(`${feed}|${s}`))) {
      this.warmed.add(`${feed}|${symbol}`);
      // The last bar of the history may still be forming; closed bars arrive through the runner.
      void source.history(symbol, '1m', VENUE_WARM_BARS + 1).then((history) => this.options.book.warm(feed, symbol, history.slice(0, -1)), () => undefined);
    }
  }

  openBar(symbol: MarketSymbol, candle: Candle, feed: string): void {
    this.options.book.push(feed, symbol, candle);
    this.bars.set(symbol, { time: candle.time + MINUTE, held: [] });
  }

  settleBar(symbol: MarketSymbol, candidates: readonly BarCandidate[]): void {
    const bar = this.bars.get(symbol);
    this.bars.delete(symbol);
    const time = bar?.time ?? this.options.now();
    if (bar && bar.held.length > 0) this.settle(symbol, bar.held, time);
    const wanting = new Set((bar?.held ?? []).map((held) => `${held.order.account}|${held.order.config}`));
    this.recordNearMisses(symbol, candidates.filter((c) => !wanting.has(`${c.account}|${c.config}`)), time);
  }

  submit(order: AdmissionOrder, send: AdmissionSend): { clientOrderId: string; done: Promise<SubmitOutcome> } {
    const clientOrderId = this.options.newOrderId();
    const bar = this.bars.get(order.symbol);
    const weighed = order.act === 'automatic' && (order.purpose !== 'exit' || order.exitReason === 'signal');
    // Protective exits, time exits and the trader's own closes go at once, always.
    if (order.purpose === 'exit' && !(weighed && bar)) return { clientOrderId, done: send(order.amount, clientOrderId) };
    let resolve!: (outcome: SubmitOutcome) => void;
    const done = new Promise<SubmitOutcome>((r) => (resolve = r));
    const held: Held = { order, send, clientOrderId, resolve };
    if (bar && weighed) bar.held.push(held);
    else this.settle(order.symbol, [held], this.options.now());
    return { clientOrderId, done };
  }

  private settle(symbol: MarketSymbol, held: readonly Held[], time: number): void {
    for (const account of new Set(held.map((h) => h.order.account))) this.settleAccount(account, symbol, held.filter((h) => h.order.account === account), time);
  }

  private settleAccount(account: string, symbol: MarketSymbol, held: readonly Held[], time: number): void {
    const exits = held.filter((h) => h.order.purpose === 'exit');
    // Who holds or is buying the coin — positions, working entries, entries admitted and not journaled yet.
    const claims = [...this.options.claims(account, symbol), ...this.claimsInFlight(account, symbol)];
    const bids = this.bids(account, symbol, held.filter((h) => h.order.purpose !== 'exit'), time, claims);
    const wishes: Wish[] = bids.map((bid) => ({ config: bid.config, opening: bid.opening, score: bid.score, stacking: this.options.policies.get(bid.config).allowStacking }));
    const verdict = arbitrate(symbol, wishes, claims, [...new Set(exits.map((h) => h.order.config))]);
    for (const exit of exits) {
      if (verdict.exitsHeld) exit.resolve(refused(`${verdict.exitsHeld}; the exit is tried again on the next bar`));
      else void exit.send(exit.order.amount, exit.clientOrderId).then(exit.resolve);
    }
    this.decide(symbol, bids, wishes, claims, verdict, { byConfig: new Map<string, number>(), total: 0 }, time);
  }

  /**
   * Skips or admits each bid. The configurations the same-bar winner outranked wait for it: when the
   * learned filter, Kelly or the budget lets none of the winner's orders through, they contest again
   * among themselves — a coin is not left unbought for a winner that could not buy it.
   */
  private decide(symbol: MarketSymbol, bids: readonly Bid[], wishes: readonly Wish[], claims: readonly Claim[], verdict: Arbitration, batch: Batch, time: number): void {
    const outranked = bids.filter((bid) => verdict.outranked.has(bid.config));
    let winnerAdmitted = false;
    for (const bid of bids) {
      if (verdict.outranked.has(bid.config)) continue;
      const skip = verdict.skipped.get(bid.config) ?? this.filterSkip(bid);
      if (skip !== null) this.skip(bid, skip, time);
      else if (this.admit(bid, batch, time) > 0 && bid.config === verdict.winner) winnerAdmitted = true;
    }
    if (outranked.length === 0) return;
    if (winnerAdmitted) {
      for (const bid of outranked) this.skip(bid, verdict.skipped.get(bid.config)!, time);
      return;
    }
    const names = new Set(outranked.map((bid) => bid.config));
    this.decide(symbol, outranked, wishes, claims, arbitrate(symbol, wishes.filter((wish) => names.has(wish.config)), claims, []), batch, time);
  }

  private skip(bid: Bid, reason: string, time: number): void {
    for (const item of bid.items) item.resolve(refused(reason));
    this.log(bid, bid.items[0]!.order, 'skipped', reason, time, null);
  }

  /** Each configuration's orders on the coin, its setup's features and score (blended with its learned filter). */
  private bids(account: string, symbol: MarketSymbol, entries: readonly Held[], time: number, claims: readonly Claim[]): Bid[] {
    const bids: Bid[] = [];
    for (const config of new Set(entries.map((h) => h.order.config))) {
      const items = entries.filter((h) => h.order.config === config);
      const scores = items.map((h) => h.order.score).filter((s): s is number => s !== null);
      const ruleScore = scores.length > 0 ? Math.max(...scores) : null;
      const neutral = ruleScore ?? NEUTRAL_SCORE;
      const features = setupFeatures(symbol, this.barsOf(account, symbol), time, neutral);
      const filter = this.options.filter(config);
      const prediction = filter ? { version: filter.version, pWin: filter.predict(features.values).pWin } : null;
      const own = ruleScore ?? items[0]!.order.readiness() ?? 0;
      const weight = this.options.policies.get(config).filterWeight;
      const score = prediction ? setupScore(neutral, prediction.pWin, weight) : own;
      // A new position unless the configuration already holds or is buying the coin (whatever the engine calls it).
      const opening = !claims.some((claim) => claim.owner === config);
      bids.push({ config, items, opening, ruleScore: neutral, features, prediction, score: round(score, 4) });
    }
    return bids;
  }

  private barsOf(account: string, symbol: MarketSymbol) {
    return this.options.book.of(this.options.feedOf(account), symbol);
  }

  /** The learned filter's verdict: null to keep the setup, or why it is skipped. */
  private filterSkip(bid: Bid): string | null {
    if (bid.prediction === null) return null;
    const policy = this.options.policies.get(bid.config);
    const score = setupScore(bid.ruleScore, bid.prediction.pWin, policy.filterWeight);
    if (score >= policy.filterMinScore) return null;
    return `learned filter v${bid.prediction.version}: setup score ${round(score, 1)} (rule ${round(bid.ruleScore, 1)}, model ${round(100 * bid.prediction.pWin, 1)} at weight ${policy.filterWeight}) is below ${policy.filterMinScore}`;
  }

  /** Kelly, then the budget and the reserve, order by order; admitted orders go to the pipeline. Answers how many went. */
  private admit(bid: Bid, batch: Batch, time: number): number {
    const admitted: { item: Held; sized: number }[] = [];
    const deskRefusals: string[] = [];
    const refuse = (item: Held, message: string, short: string) => {
      item.resolve(refused(message));
      this.log(bid, item.order, 'refused', message, time, null);
      deskRefusals.push(short);
    };
    for (const item of bid.items) {
      const { order } = item;
      const budget = this.options.allocation.budgetOf(order.account, order.config) ?? 0;
      const onCoin = `${order.config}|${order.symbol}`;
      const sized = this.kelly(order, budget, (batch.byConfig.get(onCoin) ?? 0) + this.flying(onCoin));
      if (typeof sized !== 'number') {
        refuse(item, sized.message, sized.short);
        continue;
      }
      const notional = sized * order.price;
      const mine = batch.byConfig.get(order.config) ?? 0;
      const decision = checkCapital({
        config: order.config,
        account: order.account,
        quote: this.options.quote(order.account),
        budget,
        used: this.options.allocation.use(order.account, order.config).total + mine + this.flying(order.config),
        usedByAll: this.options.allocation.usedByAll(order.account) + batch.total + this.flying(`@${order.account}`),
        equity: this.options.equity(order.account) ?? 0,
        reservePct: this.options.allocation.resolved(order.account).reservePct,
        notional,
      });
      if (!decision.ok) {
        refuse(item, decision.message, CAPITAL_REFUSAL[decision.rule](budget));
        continue;
      }
      batch.byConfig.set(order.config, mine + notional);
      batch.byConfig.set(onCoin, (batch.byConfig.get(onCoin) ?? 0) + notional);
      batch.total += notional;
      admitted.push({ item, sized });
    }
    // The log says what became of the orders once the pipeline has answered for each: "entered" counting
    // only the orders it accepted (and the refused ones apart), "refused" with its reason when it took none.
    const first = bid.items[0]!.order;
    const tally = new EntryTally({ config: first.config, symbol: first.symbol, opening: bid.opening }, deskRefusals, admitted.length);
    for (const { item, sized } of admitted) {
      const { order } = item;
      this.send(item, sized, [order.config, `${order.config}|${order.symbol}`, `@${order.account}`, `${order.account}|${order.symbol}|${order.config}`], sized * order.price, (outcome) => {
        const summary = tally.landed(outcome, sized < order.amount ? round(sized, 8) : null);
        if (summary) this.log(bid, order, summary.verdict, summary.reason, time, summary.verdict === 'entered' && bid.opening ? order.tradeId : null);
      });
    }
    return admitted.length;
  }

  /** Sends an admitted order; its notional counts as in flight until the pipeline has journaled (or refused) it. */
  private send(item: Held, amount: number, keys: readonly string[], notional: number, settled: (outcome: SubmitOutcome) => void): void {
    for (const key of keys) this.inFlight.set(key, this.flying(key) + notional);
    const landed = (outcome: SubmitOutcome) => {
      for (const key of keys) this.inFlight.set(key, Math.max(0, this.flying(key) - notional));
      // The engine hears first (its continuation runs after this turn, once the log below is written too).
      item.resolve(outcome);
      settled(outcome);
    };
    void item.send(amount, item.clientOrderId).then(landed, (error: unknown) => landed(refused(error instanceof Error ? error.message : String(error))));
  }

  private flying(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }

  /** Entries admitted but not yet in the journal: the coin is being bought by their configuration. */
  private claimsInFlight(account: string, symbol: MarketSymbol): Claim[] {
    const prefix = `${account}|${symbol}|`;
    const claims: Claim[] = [];
    for (const [key, notional] of this.inFlight) if (notional > 0 && key.startsWith(prefix)) claims.push({ owner: key.slice(prefix.length), kind: 'order' });
    return claims;
  }

  /**
   * Fractional Kelly: once the configuration has enough closed trades on the symbol, a position there may
   * commit at most Kelly × multiplier (capped) of the budget. Answers the amount to send, or why not.
   */
  private kelly(order: AdmissionOrder, budget: number, inBatch: number): number | { readonly message: string; readonly short: string } {
    if (!this.options.policies.get(order.config).kellySizing) return order.amount;
    const stats = this.options.edge(order.config, order.symbol);
    if (!stats.inUse) return order.amount;
    const quote = this.options.quote(order.account);
    if (stats.sizeFraction <= 0) {
      return {
        message: `${order.config}: no edge on ${order.symbol} — Kelly is ${round(stats.kelly, 4)} over ${stats.trades} closed trades (expected ${formatPct(stats.expectedReturn * 100)} per trade); entries there wait for the edge to return, or turn Kelly sizing off`,
        short: 'no edge (Kelly at or below zero)',
      };
    }
    const allowance = stats.sizeFraction * budget;
    const room = allowance - this.options.committedOn(order.account, order.config, order.symbol) - inBatch;
    if (room <= allowance * 1e-9) return { message: `${order.config}: the Kelly allowance on ${order.symbol} is used — ${formatMoney(allowance, quote)} (${formatPct(stats.sizeFraction * 100)} of its budget)`, short: 'Kelly allowance used' };
    return Math.min(order.amount, room / order.price);
  }

  private log(bid: Bid, order: AdmissionOrder, verdict: DecisionVerdict, reason: string, time: number, tradeId: string | null): void {
    this.options.decisions.record({
      time,
      account: order.account,
      config: order.config,
      strategy: order.strategy,
      version: order.version,
      symbol: order.symbol,
      source: order.account === 'paper' ? 'paper' : 'live',
      verdict,
      reason,
      score: bid.score,
      threshold: bid.prediction ? this.options.policies.get(order.config).filterMinScore : null,
      modelScore: bid.prediction ? round(100 * bid.prediction.pWin, 4) : null,
      features: bid.features.values,
      featureTimes: bid.features.times,
      tradeId,
      ref: null,
    });
  }

  /** Configurations within 10 points of acting that did not act: logged once per episode, with features. */
  private recordNearMisses(symbol: MarketSymbol, candidates: readonly BarCandidate[], time: number): void {
    for (const candidate of candidates) {
      const key = `${candidate.account}|${candidate.config}|${symbol}`;
      const readiness = candidate.holds ? null : candidate.readiness();
      if (readiness === null || readiness < ACTING_SCORE - NEAR_MISS_POINTS || readiness >= ACTING_SCORE) {
        this.nearMisses.delete(key);
        continue;
      }
      if (this.nearMisses.has(key)) continue;
      this.nearMisses.add(key);
      const features = setupFeatures(symbol, this.barsOf(candidate.account, symbol), time, NEUTRAL_SCORE);
      this.options.decisions.record({
        time,
        account: candidate.account,
        config: candidate.config,
        strategy: candidate.strategy,
        version: candidate.version,
        symbol,
        source: candidate.account === 'paper' ? 'paper' : 'live',
        verdict: 'near_miss',
        reason: `readiness ${round(readiness, 1)}: within ${NEAR_MISS_POINTS} points of acting (${ACTING_SCORE}) without an entry`,
        score: round(readiness, 4),
        threshold: ACTING_SCORE,
        modelScore: null,
        features: features.values,
        featureTimes: features.times,
        tradeId: null,
        ref: null,
      });
    }
  }
}
