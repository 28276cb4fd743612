import { afterEach, describe, expect, it } from 'vitest';
import { CcxtExchange } from '../../../core/exchange/ccxt-exchange.js';
import { keyPermissions } from '../../../core/exchange/key-permissions.js';

/**
 * Reading each venue's documented key-permission answer. The venue answers here are the documented
 * example bodies (OKX GET /api/v5/account/config `perm`, Coinbase Advanced GET
 * /api/v3/brokerage/key_permissions), given to ccxt's implicit method in place of the network;
 * Binance, Bybit and Kraken are covered against their loopback stubs (integration tests).
 */
const venues: CcxtExchange[] = [];
afterEach(async () => {
  for (const venue of venues.splice(0)) await venue.close();
});

function venue(exchange: string, method: string, body: unknown): CcxtExchange {
  const created = new CcxtExchange({ account: { exchange, apiKey: 'k', secret: 's', password: 'p' } });
  (created.client as unknown as Record<string, unknown>)[method] = async () => body;
  venues.push(created);
  return created;
}

describe('key permissions where the venue reports them', () => {
  it('reads OKX `perm` (read_only, trade, withdraw)', async () => {
    const tradeOnly = venue('okx', 'privateGetAccountConfig', { code: '0', msg: '', data: [{ uid: '44705892343619584', perm: 'read_only,trade', level: 'Lv1', acctLv: '2' }] });
    expect(await keyPermissions(tradeOnly)).toEqual({ withdrawals: false, trading: true, source: 'GET /api/v5/account/config' });
    const withdrawing = venue('okx', 'privateGetAccountConfig', { code: '0', msg: '', data: [{ perm: 'read_only,withdraw,trade' }] });
    expect(await keyPermissions(withdrawing)).toMatchObject({ withdrawals: true });
  });

  it('reads Coinbase can_trade / can_transfer', async () => {
    const key = venue('coinbase', 'v3PrivateGetBrokerageKeyPermissions', { can_view: true, can_trade: true, can_transfer: false, portfolio_uuid: 'x', portfolio_type: 'DEFAULT' });
    expect(await keyPermissions(key)).toEqual({ withdrawals: false, trading: true, source: 'GET /api/v3/brokerage/key_permissions' });
  });

  it('says unknown when the answer is not in the documented shape, or the venue has no such endpoint', async () => {
    expect(await keyPermissions(venue('okx', 'privateGetAccountConfig', { code: '0', data: [] }))).toEqual({ withdrawals: 'unknown', trading: 'unknown', source: null });
    const bitstamp = new CcxtExchange({ account: { exchange: 'bitstamp' } });
    venues.push(bitstamp);
    expect(await keyPermissions(bitstamp)).toEqual({ withdrawals: 'unknown', trading: 'unknown', source: null });
  });
});
