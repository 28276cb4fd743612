import type { MarketSymbol } from '../market/candle.js';

/**
 * How a held currency is valued in the account's valuation currency from the venue's own markets, in
 * this order (the first that exists wins):
 *  1. direct: the market ASSET/QUOTE — its last price;
 *  2. inverse: the market QUOTE/ASSET — one over its last price;
 *  3. bridged: through one of BRIDGES (in that order), ASSET→BRIDGE then BRIDGE→QUOTE, each leg direct
 *     or inverse — the product of the two legs (e.g. an asset listed only against BTC: ASSET/BTC × BTC/USDT).
 * A currency with none of these is not valued, and says so; it is never counted as zero silently.
 */
export const BRIDGES: readonly string[] = ['BTC', 'USDT', 'ETH', 'USDC', 'BNB'];

/** One market of a route and which way it is read. */
export interface RouteLeg {
  readonly symbol: MarketSymbol;
  readonly inverse: boolean;
}

export interface ValuationRoute {
  readonly asset: string;
  readonly legs: readonly [RouteLeg] | readonly [RouteLeg, RouteLeg];
}

function leg(from: string, to: string, markets: ReadonlySet<MarketSymbol>): RouteLeg | null {
  if (markets.has(`${from}/${to}`)) return { symbol: `${from}/${to}`, inverse: false };
  if (markets.has(`${to}/${from}`)) return { symbol: `${to}/${from}`, inverse: true };
  return null;
}

/** The route valuing `asset` in `quote` on a venue listing `markets` (unified `BASE/QUOTE` symbols); null when there is none. */
export function valuationRoute(asset: string, quote: string, markets: ReadonlySet<MarketSymbol>): ValuationRoute | null {
  const direct = leg(asset, quote, markets);
  if (direct) return { asset, legs: [direct] };
  for (const bridge of BRIDGES) {
    if (bridge === asset || bridge === quote) continue;
    const first = leg(asset, bridge, markets);
    const second = first ? leg(bridge, quote, markets) : null;
    if (first && second) return { asset, legs: [first, second] };
  }
  return null;
}

/** The price of a route's asset in quote from the markets' last prices; null while a leg has no price. */
export function routePrice(route: ValuationRoute, last: (symbol: MarketSymbol) => number | undefined): number | null {
  let price = 1;
  for (const { symbol, inverse } of route.legs) {
    const value = last(symbol);
    if (value === undefined || !(value > 0)) return null;
    price *= inverse ? 1 / value : value;
  }
  return price;
}

/** Why an asset has no route, in the trader's words. */
export function noRouteReason(asset: string, quote: string, venue: string): string {
  return `${venue} lists no ${asset} market against ${quote}, directly or through ${BRIDGES.filter((bridge) => bridge !== asset && bridge !== quote).join(', ')}`;
}
