import type { MarketSymbol } from '../market/candle.js';
import { round } from './format.js';

/** One configuration's wish to buy a coin on a bar. */
export interface Wish {
  readonly config: string;
  /** True for a new position; false when it adds to (or keeps building) its own. */
  readonly opening: boolean;
  /** The setup's score (the strategy's own, or its readiness; blended with the learned filter's when active). */
  readonly score: number;
  /** The trader lets this configuration share coins with other configurations. */
  readonly stacking: boolean;
}

/** Another owner's claim on the coin: a position it holds or an entry order it has working. */
export interface Claim {
  readonly owner: string;
  readonly kind: 'position' | 'order';
}

export interface Arbitration {
  /** Why each configuration's wish is skipped (absent: it goes on to the capital checks). */
  readonly skipped: ReadonlyMap<string, string>;
  /** Why strategy signal exits on the coin are held for this bar (opposing signals); null when they go. */
  readonly exitsHeld: string | null;
  /** The same-bar contest's winner, when configurations contested the coin. */
  readonly winner: string | null;
  /** The configurations it outranked (skipped for it): they contest again if the winner gets nothing past the desk. */
  readonly outranked: ReadonlySet<string>;
}

const points = (score: number) => String(round(score, 1));

/**
 * The portfolio's conflict rules for one coin on one account and bar:
 * 1. opposing signals — one configuration wants out (a strategy signal exit) while another wants in —
 *    skip both for this bar;
 * 2. one position per coin — a configuration does not open a coin another one holds or is buying,
 *    unless the trader allows it to stack;
 * 3. when several configurations want to open the coin on the same bar, the highest score wins (ties
 *    go to the first by name); the others are skipped unless they may stack (the desk lets them contest
 *    again when the winner gets nothing past its own checks).
 */
export function arbitrate(symbol: MarketSymbol, wishes: readonly Wish[], claims: readonly Claim[], exitingConfigs: readonly string[]): Arbitration {
  const skipped = new Map<string, string>();
  const wanting = [...new Set(wishes.map((wish) => wish.config))];
  const opposed = exitingConfigs.find((exiting) => wanting.some((config) => config !== exiting));
  if (opposed !== undefined) {
    const buyer = wanting.find((config) => config !== opposed)!;
    const reason = `opposing signals on ${symbol}: ${opposed} wants out while ${buyer} wants in — both skipped this bar`;
    for (const config of wanting) skipped.set(config, reason);
    return { skipped, exitsHeld: reason, winner: null, outranked: new Set() };
  }
  const contenders: Wish[] = [];
  for (const wish of wishes) {
    if (!wish.opening || skipped.has(wish.config)) continue;
    const others = claims.filter((claim) => claim.owner !== wish.config);
    if (others.length > 0 && !wish.stacking) {
      const held = others.find((claim) => claim.kind === 'position') ?? others[0]!;
      const how = held.kind === 'position' ? `is held by ${held.owner}` : `is being bought by ${held.owner}`;
      skipped.set(wish.config, `one position per coin: ${symbol} ${how} (allow stacking for ${wish.config} to share it)`);
      continue;
    }
    if (!contenders.some((c) => c.config === wish.config)) contenders.push(wish);
  }
  const outranked = new Set<string>();
  if (contenders.length <= 1) return { skipped, exitsHeld: null, winner: null, outranked };
  const ranked = [...contenders].sort((a, b) => b.score - a.score || (a.config < b.config ? -1 : 1));
  const winner = ranked[0]!;
  for (const loser of ranked.slice(1)) {
    if (loser.stacking) continue;
    const why = loser.score === winner.score ? `scores the same (${points(winner.score)}) and comes first by name` : `scores higher (${points(winner.score)} against ${points(loser.score)})`;
    skipped.set(loser.config, `same bar: ${winner.config} also wants ${symbol} and ${why}`);
    outranked.add(loser.config);
  }
  return { skipped, exitsHeld: null, winner: winner.config, outranked };
}
