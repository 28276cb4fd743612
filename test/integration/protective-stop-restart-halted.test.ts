import { describe, expect, it, vi } from 'vitest';
import { binanceDesk } from '../helpers/binance-desk.js';
import { fromUnits } from '../stubs/binance-book.js';

/**
 * What a position row says about its stop must be true after a restart too, and re-arming must put the stop
 * back at the venue. With "Cancel protective stops on emergency stop" set, the emergency stop leaves a live
 * position with no stop at the venue; the row says "stop held by Halyard only". Real ccxt, keychain and
 * encrypted store against the strict Binance stub: run under test/with-keyring.sh.
 */
const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 60_000, interval: 100 });
const HALTED_NOTE = 'stop held by Halyard only: HALTED — placed at the venue again once re-armed';
const ID = 'binance:main:manual:BTC/USDT';

type Desk = ReturnType<typeof binanceDesk>;
type Api = Awaited<ReturnType<Desk['open']>>['api'];

const liveStops = (desk: Desk) => desk.stub.book.open().filter((o) => o.symbol === 'BTCUSDT' && o.type === 'STOP_LOSS_LIMIT').map((o) => [fromUnits(o.stopPrice), fromUnits(o.origQty)]);
const positionRow = async (api: Api) => (await api.call('positions.list', {})).find((p) => p.id === ID);

/** A live buy with its stop at 45000, then the emergency stop (protective stops cancelled) and the desk closed: the position's quantity. */
async function haltedWithoutVenueStop(desk: Desk): Promise<number> {
  const { api } = await desk.openArmed();
  const config = await api.call('risk.config.get', {});
  await api.call('risk.config.set', { config: { ...config, emergencyStop: { cancelProtectiveStops: true } } });
  await api.call('orders.place', { account: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01', stopLoss: '45000' });
  await waitFor(async () => expect(await positionRow(api)).toMatchObject({ protection: 'protected at venue (stop 45000)' }));
  const quantity = (await positionRow(api))!.quantity;
  await api.call('risk.emergencyStop', { source: 'button' });
  await waitFor(async () => expect((await positionRow(api))?.protection).toBe(HALTED_NOTE));
  expect(liveStops(desk)).toEqual([]);
  await desk.closeTerminal();
  return quantity;
}

describe('a position’s protection after a restart while HALTED', () => {
  const desk = binanceDesk({ prefix: 'halyard-stop-restart-' });

  it('still says the stop is held by Halyard only, and re-arming places it at the venue again', { timeout: 240_000 }, async () => {
    const quantity = await haltedWithoutVenueStop(desk);
    const { api } = await desk.open();
    expect((await api.call('app.status', {})).halt.halted).toBe(true);
    await waitFor(async () => expect(await positionRow(api)).toMatchObject({ quantity, protection: HALTED_NOTE }));
    expect(liveStops(desk)).toEqual([]);

    // The trader re-arms once the start-up reconciliation is done (exits are refused until the journal matches the venue).
    await waitFor(async () => expect((await api.call('risk.state', {})).reconciling).toBe(false));
    await api.call('risk.rearm', { confirm: true });
    await waitFor(async () => expect((await positionRow(api))?.protection).toBe('protected at venue (stop 45000)'));
    expect(liveStops(desk)).toEqual([[45_000, quantity]]);
  });
});

/**
 * Re-arming while the start-up reconciliation still runs: the gate refuses every order until the journal
 * matches the venue, so the stop is refused then; it must go to the venue once that account is reconciled
 * (it waited for the next change, leaving the position without a venue stop), and only once.
 */
describe('re-arming while the start-up reconciliation runs', () => {
  const desk = binanceDesk({ prefix: 'halyard-stop-rearm-reconciling-' });

  it('places the position’s stop at the venue once the account is reconciled, exactly once', { timeout: 240_000 }, async () => {
    const quantity = await haltedWithoutVenueStop(desk);
    // The venue's answers to open-order reads are held on their way: the start-up reconciliation cannot finish.
    desk.stub.fault({ method: 'GET', path: '/api/v3/openOrders', kind: 'held', times: 20 });
    const { api } = await desk.open();
    await waitFor(async () => expect(await positionRow(api)).toMatchObject({ quantity }));
    await waitFor(async () => expect((await api.call('risk.state', {})).reconciling).toBe(true));
    await api.call('risk.rearm', { confirm: true });
    // Refused meanwhile: the position has no stop at the venue.
    await waitFor(async () => expect((await positionRow(api))?.protection).toMatch(/^stop held by Halyard only: .*reconciliation/));
    expect((await api.call('risk.state', {})).reconciling).toBe(true);
    expect(liveStops(desk)).toEqual([]);

    desk.stub.clearFaults();
    desk.stub.releaseHeld();
    await waitFor(async () => expect((await api.call('risk.state', {})).reconciling).toBe(false));
    await waitFor(async () => expect((await positionRow(api))?.protection).toBe('protected at venue (stop 45000)'));
    await waitFor(() => expect(liveStops(desk)).toEqual([[45_000, quantity]]));
  });
});
