import { describe, expect, it, vi } from 'vitest';
import { binanceDesk } from '../helpers/binance-desk.js';
import { fromUnits } from '../stubs/binance-book.js';

/**
 * The emergency stop keeps protective stops (README, "Protective stops at the venue"). A trader's own resting
 * exit (a manual stop-limit sell) takes the position's venue stop away while it works — the stop's coins are
 * its coins. When the emergency stop cancels that exit, the position must not be left with no stop at the
 * venue for as long as the desk is HALTED: the stop goes back for the whole position at once. Real ccxt,
 * keychain and encrypted store against the strict Binance stub: run under test/with-keyring.sh.
 */
const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 60_000, interval: 100 });

describe('the emergency stop and a position whose stop a manual exit displaced', () => {
  const desk = binanceDesk({ prefix: 'halyard-kept-stop-' });
  const stops = () => desk.stub.book.orders.filter((o) => o.symbol === 'BTCUSDT' && o.type === 'STOP_LOSS_LIMIT').map((o) => [fromUnits(o.stopPrice), fromUnits(o.origQty), o.status]);

  it('puts the position’s stop back at the venue once the stop has cancelled the exit, and keeps it after re-arming', { timeout: 180_000 }, async () => {
    const { api } = await desk.openArmed();
    const id = 'binance:main:manual:BTC/USDT';
    const row = async () => (await api.call('positions.list', {})).find((p) => p.id === id);

    await api.call('orders.place', { account: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01', stopLoss: '45000', takeProfit: '60000' });
    await waitFor(async () => expect(await row()).toMatchObject({ protection: 'protected at venue (stop 45000)' }));
    const quantity = (await row())!.quantity;

    // A part of it on a manual stop-limit sell: the venue stop is cancelled while that exit works.
    const exit = await api.call('orders.place', { account: 'binance:main', symbol: 'BTC/USDT', side: 'sell', type: 'stop_limit', amount: '0.002', stopPrice: '48000', price: '47900' });
    expect(exit.status).toBe('open');
    expect(stops()).toEqual([
      [45_000, quantity, 'CANCELED'],
      [48_000, 0.002, 'NEW'],
    ]);

    await api.call('risk.emergencyStop', { reason: 'test' });
    // The exit is cancelled by the stop; the position's own stop rests at the venue again, for all of it.
    await waitFor(() => expect(stops().filter(([, , status]) => status === 'NEW')).toEqual([[45_000, quantity, 'NEW']]));
    await waitFor(async () => expect(await row()).toMatchObject({ protection: 'protected at venue (stop 45000)' }));
    // The audit says the trader's stop did it while HALTED; re-arming keeps that one stop (none doubled, none moved).
    expect((await api.call('audit.list', {})).filter((a) => a.action === 'close_while_halted').map((a) => a.detail)).toEqual([expect.objectContaining({ reason: 'protective stop' })]);
    await api.call('risk.rearm', { confirm: true });
    await waitFor(async () => expect(await row()).toMatchObject({ exitStatus: 'enforced', protection: 'protected at venue (stop 45000)' }));
    expect(stops().filter(([, , status]) => status === 'NEW')).toEqual([[45_000, quantity, 'NEW']]);
  });
});
