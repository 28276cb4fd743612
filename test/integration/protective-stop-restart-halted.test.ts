import { afterAll, describe, expect, it, vi } from 'vitest';
import { binanceDesk } from '../helpers/binance-desk.js';
import { HALTED_NOTE, haltedWithoutVenueStop, rearmedWhileReconciling, liveStops, positionRow } from '../helpers/halted-stop.js';

/**
 * What a position row says about its stop must be true after a restart too, and re-arming must put the stop
 * back at the venue. With "Cancel protective stops on emergency stop" set, the emergency stop leaves a live
 * position with no stop at the venue; the row says "stop held by Halyard only". Real ccxt, keychain and
 * encrypted store against the strict Binance stub: run under test/with-keyring.sh.
 */
const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 60_000, interval: 100 });

describe('a position’s protection after a restart while HALTED', () => {
  const desk = binanceDesk({ prefix: 'halyard-stop-restart-' });

  it('still says the stop is held by Halyard only, and re-arming places it at the venue again', { timeout: 240_000 }, async () => {
    const quantity = await haltedWithoutVenueStop(desk, 60_000);
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
    const quantity = await haltedWithoutVenueStop(desk, 60_000);
    // The venue's answers to open-order reads are held on their way: the start-up reconciliation cannot finish.
    const api = await rearmedWhileReconciling(desk, quantity, 60_000);
    // Refused meanwhile: the position has no stop at the venue.
    expect((await api.call('risk.state', {})).reconciling).toBe(true);
    expect(liveStops(desk)).toEqual([]);

    desk.stub.clearFaults();
    desk.stub.releaseHeld();
    await waitFor(async () => expect((await api.call('risk.state', {})).reconciling).toBe(false));
    await waitFor(async () => expect((await positionRow(api))?.protection).toBe('protected at venue (stop 45000)'));
    await waitFor(() => expect(liveStops(desk)).toEqual([[45_000, quantity]]));
  });
});

/**
 * An account left armed is registered at start a moment before the start-up reconciliation runs: a stop the
 * position still needs at the venue must wait for that reconciliation like every other order (the journal may
 * not match the venue yet), then go to the venue once. The venue's open-order reads are held so the
 * reconciliation cannot finish; its requests are in the stub's log in the order they arrived.
 */
describe('a stop still to place when an armed account is restored at start', () => {
  const desk = binanceDesk({ prefix: 'halyard-stop-restored-armed-' });
  // A failed run leaves answers held: delivered before the desk closes (hooks run last-registered first).
  afterAll(() => {
    desk.stub.clearFaults();
    desk.stub.releaseHeld();
  });
  const ordersSent = (from: number) => desk.stub.requests.slice(from).filter((r) => r.method === 'POST' && r.path === '/api/v3/order');

  it('waits for the start-up reconciliation, then reaches the venue exactly once', { timeout: 240_000 }, async () => {
    const quantity = await haltedWithoutVenueStop(desk, 60_000);
    // Re-armed with the venue refusing the stop (over its rate limit): closed again with the stop still to place.
    const { api: before } = await desk.open();
    await waitFor(async () => expect((await before.call('risk.state', {})).reconciling).toBe(false));
    desk.stub.fault({ kind: 'rate_limit', method: 'POST', path: '/api/v3/order', retryAfterSec: 1 });
    await before.call('risk.rearm', { confirm: true });
    await waitFor(async () => expect((await positionRow(before))?.protection).toMatch(/^stop held by Halyard only: the venue's stop was refused/));
    await desk.closeTerminal();
    expect(liveStops(desk)).toEqual([]);

    const restart = desk.stub.requests.length;
    desk.stub.fault({ method: 'GET', path: '/api/v3/openOrders', kind: 'held', times: 20 });
    const { api } = await desk.open();
    expect((await api.call('app.status', {})).halt.halted).toBe(false);
    await waitFor(async () => expect((await positionRow(api))?.protection).toMatch(/reconciliation|^protected at venue/));
    // Refused until the journal matches the venue: no order reached it while the reconciliation's reads were unanswered.
    expect((await positionRow(api))?.protection).toMatch(/^stop held by Halyard only: .*reconciliation/);
    expect(ordersSent(restart)).toEqual([]);

    desk.stub.clearFaults();
    const answered = desk.stub.requests.length;
    desk.stub.releaseHeld();
    await waitFor(async () => expect((await positionRow(api))?.protection).toBe('protected at venue (stop 45000)'));
    expect(liveStops(desk)).toEqual([[45_000, quantity]]);
    expect(ordersSent(restart).map((r) => [r.seq > answered, r.params.type])).toEqual([[true, 'STOP_LOSS_LIMIT']]);
  });
});
