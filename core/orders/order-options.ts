import type { MarketRules, OrderType, TimeInForce } from '../exchange/port.js';

const TIF_WORDS: Record<TimeInForce, string> = { GTC: 'good-till-cancelled (GTC)', IOC: 'immediate-or-cancel (IOC)', FOK: 'fill-or-kill (FOK)' };

/**
 * Post-only and time in force are limit-order options, and only where the market takes them (ccxt's
 * features of the venue, narrowed by the market's order types): anything else is refused before the
 * order exists, naming the field.
 */
export function orderOptionsRefusal(
  intent: { readonly type: OrderType; readonly timeInForce?: TimeInForce; readonly postOnly?: boolean; readonly symbol: string },
  rules: Pick<MarketRules, 'orderOptions'>,
  account: string,
): { readonly field: 'postOnly' | 'timeInForce'; readonly message: string } | null {
  const options = rules.orderOptions ?? { postOnly: false, timeInForce: ['GTC'] };
  const tif = intent.timeInForce ?? 'GTC';
  if (intent.postOnly === true) {
    if (intent.type !== 'limit') return { field: 'postOnly', message: 'post-only is for limit orders only' };
    if (!options.postOnly) return { field: 'postOnly', message: `${intent.symbol} on ${account} takes no post-only orders` };
    if (tif !== 'GTC') return { field: 'timeInForce', message: `a post-only order rests on the book, so it cannot also be ${TIF_WORDS[tif]}` };
  }
  if (tif === 'GTC') return null;
  if (intent.type !== 'limit') return { field: 'timeInForce', message: `${TIF_WORDS[tif]} is for limit orders only` };
  if (!options.timeInForce.includes(tif)) return { field: 'timeInForce', message: `${intent.symbol} on ${account} takes no ${TIF_WORDS[tif]} orders` };
  return null;
}
