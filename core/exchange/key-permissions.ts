import type { CcxtExchange } from './ccxt-exchange.js';
import { mapCcxtError } from './error-map.js';

/** What an exchange says an API key may do; null where the venue does not report it. */
export interface KeyPermissions {
  readonly withdrawals: boolean | null;
  readonly trading: boolean | null;
}

type Restrictions = { enableWithdrawals?: unknown; enableSpotAndMarginTrading?: unknown };

/**
 * Asks the venue what the key is allowed to do, where it can tell (Binance: `GET /sapi/v1/account/
 * apiRestrictions`). Halyard refuses to arm a key that can withdraw: a trading terminal never needs it.
 */
export async function keyPermissions(exchange: CcxtExchange): Promise<KeyPermissions> {
  const client = exchange.client as unknown as { sapiGetAccountApiRestrictions?: () => Promise<Restrictions> };
  if (exchange.id.startsWith('binance') && typeof client.sapiGetAccountApiRestrictions === 'function') {
    try {
      const restrictions = await client.sapiGetAccountApiRestrictions();
      return { withdrawals: restrictions.enableWithdrawals === true, trading: restrictions.enableSpotAndMarginTrading === true };
    } catch (error) {
      throw mapCcxtError(error, 'read');
    }
  }
  return { withdrawals: null, trading: null };
}
