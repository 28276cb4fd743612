import { expect, vi } from 'vitest';
import { fromUnits } from '../stubs/binance-book.js';
import type { binanceDesk } from './binance-desk.js';

/**
 * A live position left HALTED with no stop at the venue — "Cancel protective stops on emergency stop" ticked —
 * then the desk closed: where the restart tests begin (the stop must go back once re-armed and reconciled).
 */
export const HALTED_NOTE = 'stop held by Halyard only: HALTED — placed at the venue again once re-armed';
export const POSITION_ID = 'binance:main:manual:BTC/USDT';

type Desk = ReturnType<typeof binanceDesk>;
type Api = Awaited<ReturnType<Desk['open']>>['api'];

/** The BTC/USDT stop-limit orders resting at the stub: [stop price, amount]. */
export const liveStops = (desk: Desk) =>
  desk.stub.book.open().filter((o) => o.symbol === 'BTCUSDT' && o.type === 'STOP_LOSS_LIMIT').map((o) => [fromUnits(o.stopPrice), fromUnits(o.origQty)]);
export const positionRow = async (api: Api) => (await api.call('positions.list', {})).find((p) => p.id === POSITION_ID);

/** A live buy with its stop at 45000, then the emergency stop (protective stops cancelled) and the desk closed: the position's quantity. */
export async function haltedWithoutVenueStop(desk: Desk, timeoutMs: number): Promise<number> {
  const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: timeoutMs, interval: 100 });
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

/**
 * The desk started again with the venue's open-order reads held, so the start-up reconciliation cannot finish,
 * and re-armed meanwhile: the gate refuses the position's stop until the account is reconciled. The API.
 */
export async function rearmedWhileReconciling(desk: Desk, quantity: number, timeoutMs: number): Promise<Api> {
  const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: timeoutMs, interval: 100 });
  desk.stub.fault({ method: 'GET', path: '/api/v3/openOrders', kind: 'held', times: 20 });
  const { api } = await desk.open();
  await waitFor(async () => expect(await positionRow(api)).toMatchObject({ quantity }));
  await waitFor(async () => expect((await api.call('risk.state', {})).reconciling).toBe(true));
  await api.call('risk.rearm', { confirm: true });
  await waitFor(async () => expect((await positionRow(api))?.protection).toMatch(/^stop held by Halyard only: .*reconciliation/));
  return api;
}
