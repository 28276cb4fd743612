import { describe, expect, it, vi } from 'vitest';
import { binanceDesk } from '../helpers/binance-desk.js';
import { armedOnStub } from '../helpers/venue-bars.js';
import { fromUnits } from '../stubs/binance-book.js';

/**
 * Re-arming puts a live position's stop back at the venue — also when the trader re-arms while the start-up
 * reconciliation still runs. The gate refuses every order until the journal matches the venue, so the stop
 * is refused then; it must go to the venue once that account is reconciled (it waited for the next change,
 * leaving the position without a venue stop), and only once. Real ccxt, keychain and encrypted store
 * against the strict Binance stub: run under test/with-keyring.sh.
 */
const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 60_000, interval: 100 });

describe('re-arming while the start-up reconciliation runs', () => {
  const desk = binanceDesk({ prefix: 'halyard-stop-rearm-reconciling-' });
  const liveStops = () => desk.stub.book.open().filter((o) => o.symbol === 'BTCUSDT' && o.type === 'STOP_LOSS_LIMIT').map((o) => [fromUnits(o.stopPrice), fromUnits(o.origQty)]);
  const id = 'binance:main:manual:BTC/USDT';

  it('places the position’s stop at the venue once the account is reconciled, exactly once', { timeout: 240_000 }, async () => {
    const { stub, pump } = desk;
    let { api } = await desk.open();
    await armedOnStub(api, stub);
    pump.start();
    const row = async () => (await api.call('positions.list', {})).find((p) => p.id === id);
    await waitFor(async () => expect((await api.call('market.watchlist', {})).find((r) => r.symbol === 'BTC/USDT')?.last).toBe(50_000));
    const config = await api.call('risk.config.get', {});
    await api.call('risk.config.set', { config: { ...config, emergencyStop: { cancelProtectiveStops: true } } });
    await api.call('orders.place', { account: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01', stopLoss: '45000' });
    await waitFor(async () => expect(await row()).toMatchObject({ protection: 'protected at venue (stop 45000)' }));
    const quantity = (await row())!.quantity;
    await api.call('risk.emergencyStop', { source: 'button' });
    await waitFor(async () => expect(liveStops()).toEqual([]));
    await desk.closeTerminal();

    // The venue's answers to open-order reads are held on their way: the start-up reconciliation cannot finish.
    stub.fault({ method: 'GET', path: '/api/v3/openOrders', kind: 'held', times: 20 });
    ({ api } = await desk.open());
    await waitFor(async () => expect(await row()).toMatchObject({ quantity }));
    await waitFor(async () => expect((await api.call('risk.state', {})).reconciling).toBe(true));
    await api.call('risk.rearm', { confirm: true });
    // Refused meanwhile: the position has no stop at the venue.
    await waitFor(async () => expect((await row())?.protection).toMatch(/^stop held by Halyard only: .*reconciliation/));
    expect((await api.call('risk.state', {})).reconciling).toBe(true);
    expect(liveStops()).toEqual([]);

    stub.clearFaults();
    stub.releaseHeld();
    await waitFor(async () => expect((await api.call('risk.state', {})).reconciling).toBe(false));
    await waitFor(async () => expect((await row())?.protection).toBe('protected at venue (stop 45000)'));
    await waitFor(() => expect(liveStops()).toEqual([[45_000, quantity]]));
  });
});
