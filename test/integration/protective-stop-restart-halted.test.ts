import { describe, expect, it, vi } from 'vitest';
import { binanceDesk } from '../helpers/binance-desk.js';
import { armedOnStub } from '../helpers/venue-bars.js';
import { fromUnits } from '../stubs/binance-book.js';

/**
 * What a position row says about its stop must be true after a restart too. With "Cancel protective stops
 * on emergency stop" set, the emergency stop leaves a live position with no stop at the venue; the row says
 * "stop held by Halyard only". The desk restarted while HALTED must say the same (it was silent: the note
 * lived in memory only), and re-arming must put the stop back at the venue. Real ccxt, keychain and
 * encrypted store against the strict Binance stub: run under test/with-keyring.sh.
 */
const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 60_000, interval: 100 });
const HALTED_NOTE = 'stop held by Halyard only: HALTED — placed at the venue again once re-armed';

describe('a position’s protection after a restart while HALTED', () => {
  const desk = binanceDesk({ prefix: 'halyard-stop-restart-' });
  const liveStops = () => desk.stub.book.open().filter((o) => o.symbol === 'BTCUSDT' && o.type === 'STOP_LOSS_LIMIT').map((o) => [fromUnits(o.stopPrice), fromUnits(o.origQty)]);
  const id = 'binance:main:manual:BTC/USDT';

  it('still says the stop is held by Halyard only, and re-arming places it at the venue again', { timeout: 240_000 }, async () => {
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
    await waitFor(async () => expect((await row())?.protection).toBe(HALTED_NOTE));
    expect(liveStops()).toEqual([]);

    await desk.closeTerminal();
    ({ api } = await desk.open());
    expect((await api.call('app.status', {})).halt.halted).toBe(true);
    await waitFor(async () => expect(await row()).toMatchObject({ quantity, protection: HALTED_NOTE }));
    expect(liveStops()).toEqual([]);

    // The trader re-arms once the start-up reconciliation is done (exits are refused until the journal matches the venue).
    await waitFor(async () => expect((await api.call('risk.state', {})).reconciling).toBe(false));
    await api.call('risk.rearm', { confirm: true });
    await waitFor(async () => expect((await row())?.protection).toBe('protected at venue (stop 45000)'));
    expect(liveStops()).toEqual([[45_000, quantity]]);
  });
});
