import { describe, expect, it, vi } from 'vitest';
import { binanceDesk } from '../helpers/binance-desk.js';
import { haltedWithoutVenueStop, rearmedWhileReconciling, liveStops, positionRow } from '../helpers/halted-stop.js';

/**
 * A start-up reconciliation that fails (the venue answers 503 to its fill reads, past the read retries) must
 * not leave the account unreconciled until someone presses "Reconcile now": it is tried again on its own,
 * the position row and the risk log say so meanwhile, and once it succeeds the stop refused while it ran
 * goes to the venue — exactly once. Real ccxt, keychain and encrypted store against the strict Binance
 * stub: run under test/with-keyring.sh.
 */
const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 90_000, interval: 100 });

describe('a failed start-up reconciliation', () => {
  const desk = binanceDesk({ prefix: 'halyard-reconcile-retry-' });

  it('is retried on its own, says so, and then places the stop refused while it ran — exactly once', { timeout: 300_000 }, async () => {
    const quantity = await haltedWithoutVenueStop(desk, 90_000);
    // The trader re-arms while the start-up reconciliation runs (the stop is refused).
    const api = await rearmedWhileReconciling(desk, quantity, 90_000);

    // Then the venue fails the fill reads (503 past every read retry): the reconciliation of binance:main fails.
    desk.stub.clearFaults();
    desk.stub.fault({ method: 'GET', path: '/api/v3/myTrades', kind: 'server_error', times: 100_000 });
    desk.stub.releaseHeld();
    await waitFor(async () => expect((await api.call('risk.state', { account: 'binance:main' })).reconcileFailed).toMatchObject({ failures: 1 }));
    const failed = (await api.call('risk.state', { account: 'binance:main' })).reconcileFailed!;
    expect(failed.note).toMatch(/^reconciliation with binance:main failed \(.+\) — retrying at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: .*protective stops refused meanwhile go to the venue once it succeeds\.$/);
    await waitFor(async () => expect((await positionRow(api))?.protection).toMatch(/^stop held by Halyard only: reconciliation with binance:main failed \(.+\) — retrying at .*; the stop goes to the venue once it succeeds$/));
    const logged = await api.call('risk.events', { kind: 'reconciled' });
    expect(logged.map((event) => event.detail).join('\n')).toMatch(/failed for binance:main; reconciliation with binance:main failed .* retrying at/);
    expect(liveStops(desk)).toEqual([]);

    // The venue recovers: nobody presses "Reconcile now", yet the account is reconciled and its stop goes to the venue once.
    desk.stub.clearFaults();
    await waitFor(async () => expect((await positionRow(api))?.protection).toBe('protected at venue (stop 45000)'));
    expect((await api.call('risk.state', { account: 'binance:main' })).reconcileFailed).toBeUndefined();
    await waitFor(() => expect(liveStops(desk)).toEqual([[45_000, quantity]]));
    expect((await api.call('risk.events', { kind: 'reconciled' })).map((event) => event.detail).join('\n')).toMatch(/reconciliation \(start\) of binance:main succeeded on retry \d+/);
    expect(desk.stub.requestsTo('POST', '/api/v3/order').filter((r) => r.params.type === 'STOP_LOSS_LIMIT')).toHaveLength(2);
  });
});
