import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import type { ApiError } from '../../core/api/errors.js';
import { binanceDesk } from '../helpers/binance-desk.js';
import { fromUnits } from '../stubs/binance-book.js';

/**
 * A strategy configuration trades on an armed live account: refused while the account is not armed;
 * once armed it trades on its exchange's own feed (the chart may show another market: switching it
 * away and back leaves the configuration and the shared venue feed running); its entry is a real order at the venue (client id journaled under the
 * configuration's name, amount rounded to the venue's step), the venue's fill reaches the strategy's
 * position once however often it is reported, the emergency stop cancels its resting order and its refused orders are logged once, not every bar;
 * switched off or disarmed, its orders are cancelled and its position stays visible and closable.
 * Real ccxt against the Binance stub, once with private updates by REST polling and once over the
 * stub's private websocket; real keychain + encrypted store: run under test/with-keyring.sh.
 */
const STRATEGY = `
import { z } from 'zod';

export default {
  apiVersion: 1,
  name: 'enter-on-venue',
  description: 'Test strategy: BTC market entry of a fixed (unrounded) quantity with a stop, cut on a dip; ETH limit entry resting below the market.',
  params: z.object({ btc: z.number().positive().default(0.0123456), stop: z.number().positive().default(49990), cutBelow: z.number().positive().default(49990), eth: z.number().positive().default(0.1), restAt: z.number().positive().default(2000) }),
  timeframes: ['1m'],
  warmupBars: 1,
  create(p, symbol) {
    return {
      onCandle(ctx) {
        if (symbol === 'BTC/USDT' && ctx.position !== null) return ctx.candle.close < p.cutBelow ? [{ kind: 'exit_all', symbol, reason: 'signal' }] : [];
        if (ctx.position !== null || ctx.openEntryOrders > 0) return [];
        if (symbol === 'BTC/USDT') return [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: p.btc }, orderType: 'market', reason: 'enter at once', exits: { stopLoss: p.stop, takeProfits: [{ price: 10000000, fraction: 1 }] } }];
        return [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: p.eth }, orderType: 'limit', limitPrice: p.restAt, reason: 'rest below' }];
      },
      readiness() { return 50; },
    };
  },
};
`;

const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 60_000, interval: 100 });
const configOf = async (api: ApiClient) => (await api.call('strategies.configs', {})).find((c) => c.name === 'venue-bot');
const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ApiError);

describe.each([
  { transport: 'REST polling', websocket: false },
  { transport: 'the private websocket', websocket: true },
])('a strategy on an armed live account (private updates by $transport)', ({ websocket }) => {
  // Off: fills come from the venue's trade list by polling. On: orders, fills and balances are pushed on the user data stream.
  const desk = binanceDesk({ prefix: 'halyard-live-strategy-', empty: ['BTC', 'ETH'], strategies: { 'enter-on-venue': STRATEGY }, prepare: (stub) => (stub.websocketAvailable = websocket) });

  it('runs only armed, on its exchange’s own feed whatever the chart shows, trades at the venue with each fill once, logs HALTED refusals once, and leaves a closable position when switched off or disarmed', { timeout: 300_000 }, async () => {
    const { stub, pump } = desk;
    const current = await desk.open();
    const api = current.api;
    const account = await api.call('accounts.add', { exchange: 'binance', label: 'main', apiKey: stub.apiKey, apiSecret: stub.secret, baseUrl: stub.url });
    await api.call('risk.config.set', { config: await api.call('risk.config.get', {}) });
    const config = { name: 'venue-bot', strategy: 'enter-on-venue', symbols: ['BTC/USDT', 'ETH/USDT'], account: 'binance:main' };

    // 1. Not armed: switching it on is refused, saying what to do; saved switched off, it shows its account.
    const refused = await failure(api.call('strategies.save', { ...config, enabled: true }));
    expect(refused?.code).toBe('rejected');
    expect(refused?.message).toBe('Arm live account main before running venue-bot on it');
    expect((await failure(api.call('strategies.save', { ...config, account: 'kraken:nope' })))?.message).toMatch(/no account "kraken:nope"/);
    await expect(api.call('strategies.save', { ...config, enabled: false })).resolves.toMatchObject({ account: 'binance:main', enabled: false, state: 'stopped' });
    expect((await failure(api.call('strategies.setEnabled', { name: 'venue-bot', enabled: true })))?.message).toBe('Arm live account main before running venue-bot on it');
    // Existing configurations (and ones saved without an account) stay on paper.
    await expect(api.call('strategies.save', { name: 'paper-bot', strategy: 'sma-cross', symbols: ['SOL/USDT'] })).resolves.toMatchObject({ account: 'paper' });

    // 2. Armed.
    await api.call('accounts.arm', { id: account.id, confirmLabel: 'main' });
    await waitFor(async () => expect((await api.call('risk.state', {})).reconciling).toBe(false));
    expect(stub.book.orders).toEqual([]);

    // 3. The chart shows Binance too (the later steps read its bars there): the strategy's BTC entry is a market order at the venue, journaled first under its name, rounded to the step.
    await expect(api.call('market.setSource', { kind: 'exchange', exchange: 'binance', symbols: ['BTC/USDT', 'ETH/USDT'], baseUrl: stub.url })).resolves.toMatchObject({ kind: 'exchange', fallback: null });
    pump.start();
    await expect(api.call('strategies.setEnabled', { name: 'venue-bot', enabled: true })).resolves.toMatchObject({ account: 'binance:main', enabled: true });
    const btcOrder = await waitFor(() => {
      const order = stub.book.orders.find((o) => o.symbol === 'BTCUSDT');
      expect(order).toBeDefined();
      return order!;
    });
    expect(btcOrder).toMatchObject({ type: 'MARKET', side: 'BUY' });
    const journaled = (await api.call('orders.list', { status: 'all' })).find((o) => o.clientOrderId === btcOrder.clientOrderId);
    expect(journaled).toMatchObject({ account: 'binance:main', source: 'venue-bot', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.01234 });

    // The venue's fill reaches the strategy's position (at the venue's price), once.
    const positionId = 'binance:main:venue-bot:BTC/USDT';
    const position = await waitFor(async () => {
      const found = (await api.call('positions.list', {})).find((p) => p.id === positionId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(position).toMatchObject({ account: 'binance:main', source: 'venue-bot', quantity: 0.01234, averageEntry: 50_000, stopLoss: 49_990, takeProfits: [{ price: 10_000_000, fraction: 1 }] });
    const fills = await waitFor(async () => {
      const list = (await api.call('fills.list', {})).filter((f) => f.source === 'venue-bot');
      expect(list).toHaveLength(1);
      return list;
    });
    expect(fills[0]).toMatchObject({ account: 'binance:main', clientOrderId: btcOrder.clientOrderId, amount: 0.01234, price: 50_000, tradeId: expect.stringMatching(/^venue-bot-/) });
    // Not a manual position too: the strategy's fills are its own.
    expect((await api.call('positions.list', {})).some((p) => p.id === 'binance:main:manual:BTC/USDT')).toBe(false);
    // Reconciliation reports the same fill again: the position does not grow.
    await api.call('risk.reconcile', { trigger: 'manual' });
    await api.call('risk.reconcile', { trigger: 'manual' });
    expect((await api.call('positions.list', {})).find((p) => p.id === positionId)?.quantity).toBe(0.01234);
    expect((await api.call('fills.list', {})).filter((f) => f.source === 'venue-bot')).toHaveLength(1);
    await waitFor(async () => expect(await configOf(api)).toMatchObject({ openPositions: 1, state: 'running' }));
    // Its stop rests at the venue as a stop-loss-limit sell of the whole position, and the row says so.
    await waitFor(async () => expect((await api.call('positions.list', {})).find((p) => p.id === positionId)?.protection).toMatch(/^protected at venue/));
    const protectiveStop = () => stub.book.open('BTCUSDT').map((o) => ({ side: o.side, type: o.type, stopPrice: fromUnits(o.stopPrice), quantity: fromUnits(o.origQty), clientOrderId: o.clientOrderId }));
    const [stopAtVenue] = protectiveStop();
    expect(protectiveStop()).toEqual([{ side: 'SELL', type: 'STOP_LOSS_LIMIT', stopPrice: 49_990, quantity: 0.01234, clientOrderId: expect.any(String) }]);
    expect((await api.call('orders.list', { status: 'open' })).find((o) => o.clientOrderId === stopAtVenue!.clientOrderId)).toMatchObject({ source: 'venue-bot', side: 'sell' });

    // 4. Its ETH limit entry rests at the venue.
    const ethOrder = await waitFor(() => {
      const order = stub.book.open('ETHUSDT').find((o) => o.side === 'BUY');
      expect(order).toBeDefined();
      return order!;
    });
    expect((await api.call('orders.list', { status: 'open' })).find((o) => o.clientOrderId === ethOrder.clientOrderId)).toMatchObject({ source: 'venue-bot', price: 2000 });

    // 5. The chart switches away and back: the configuration goes on trading Binance's own feed (the same one, never restarted).
    const venueFeed = current.terminal.core.venues.peek('binance');
    await expect(api.call('market.setSource', { kind: 'simulated' })).resolves.toMatchObject({ kind: 'simulated', fallback: null });
    expect(current.terminal.core.venues.peek('binance')).toBe(venueFeed);
    await expect(configOf(api)).resolves.toMatchObject({ state: 'running', openPositions: 1 });
    await expect(api.call('market.setSource', { kind: 'exchange', exchange: 'binance', symbols: ['BTC/USDT', 'ETH/USDT'], baseUrl: stub.url })).resolves.toMatchObject({ fallback: null });
    expect(current.terminal.core.venues.peek('binance')).toBe(venueFeed);
    expect(stub.book.open('ETHUSDT').map((o) => o.clientOrderId)).toEqual([ethOrder.clientOrderId]);

    // 6. Emergency stop: its resting order is cancelled at the venue, and it places nothing more.
    const stop = await api.call('risk.emergencyStop', { source: 'button' });
    expect(stop.halted).toBe(true);
    expect(stop.stop?.orders.find((o) => o.clientOrderId === ethOrder.clientOrderId)?.outcome).toBe('canceled');
    // Its protective stop is kept: it goes on protecting the position at the venue while Halyard is HALTED.
    expect(stop.stop?.orders.find((o) => o.clientOrderId === stopAtVenue!.clientOrderId)?.outcome).toBe('kept');
    expect(protectiveStop()).toEqual([stopAtVenue]);
    expect(stub.book.open('ETHUSDT')).toEqual([]);
    const placedBefore = stub.book.orders.length;
    const blocked = async () => (await api.call('strategies.signals', { name: 'venue-bot', limit: 500 })).filter((s) => s.outcome === 'blocked' && s.reason.includes('HALTED'));
    // The strategy wants its ETH entry back once it hears of the cancel: the risk gate refuses it while HALTED.
    await waitFor(async () => expect((await blocked()).some((s) => s.symbol === 'ETH/USDT' && s.reason.includes('ETH/USDT enter'))).toBe(true));
    // A dip below BTC's stop: automatic exits are paused while HALTED (the row says so; nothing triggers),
    // and the strategy's own exit signal, repeated every bar, is refused — its signals log shows it once.
    pump.close.BTCUSDT = 49_980;
    await waitFor(async () => expect((await api.call('positions.list', {})).find((p) => p.id === positionId)?.exitStatus).toBe('exits paused (HALTED)'));
    await waitFor(async () => expect((await blocked()).some((s) => s.symbol === 'BTC/USDT' && s.kind === 'exit_blocked')).toBe(true));
    const dipStart = (await api.call('market.history', { symbol: 'BTC/USDT', limit: 1 })).candles.time[0]!;
    // Ten more bars of the dip: still nothing is sent, still one line per symbol.
    await waitFor(async () => expect((await api.call('market.history', { symbol: 'BTC/USDT', limit: 1 })).candles.time[0]!).toBeGreaterThanOrEqual(dipStart + 10 * 60_000));
    const logged = await blocked();
    expect(logged.filter((s) => s.symbol === 'BTC/USDT').map((s) => s.kind)).toEqual(['exit_blocked']);
    expect(logged.filter((s) => s.symbol === 'ETH/USDT').map((s) => s.kind)).toEqual(['entry_blocked']);
    expect(logged).toHaveLength(2);
    expect(stub.book.orders.length).toBe(placedBefore);
    expect(stub.book.open('ETHUSDT')).toEqual([]);
    // The dip is over before trading resumes (else the re-armed stop would rightly sell): the terminal has seen BTC back at 50 000.
    pump.close.BTCUSDT = 50_000;
    await waitFor(async () => expect((await api.call('market.history', { symbol: 'BTC/USDT', limit: 1 })).candles.close).toEqual([50_000]));
    // And switching a live configuration on is refused while HALTED.
    await api.call('strategies.setEnabled', { name: 'venue-bot', enabled: false });
    expect((await failure(api.call('strategies.setEnabled', { name: 'venue-bot', enabled: true })))?.code).toBe('halted');

    // 7. Re-armed, running again with its BTC position; switched off, its resting ETH order is cancelled at the venue and its position stays in Positions.
    await api.call('risk.rearm', { confirm: true });
    await expect(api.call('strategies.setEnabled', { name: 'venue-bot', enabled: true })).resolves.toMatchObject({ enabled: true, openPositions: 1 });
    const restingAgain = async () =>
      waitFor(() => {
        const order = stub.book.open('ETHUSDT').find((o) => o.side === 'BUY');
        expect(order).toBeDefined();
        return order!;
      });
    await restingAgain();
    await expect(api.call('strategies.setEnabled', { name: 'venue-bot', enabled: false })).resolves.toMatchObject({ enabled: false, state: 'stopped' });
    expect(stub.book.open('ETHUSDT')).toEqual([]);
    expect((await api.call('positions.list', {})).find((p) => p.id === positionId)).toMatchObject({ source: 'venue-bot', quantity: 0.01234, averageEntry: 50_000, stopLoss: 49_990, protection: 'protected at venue (stop 49990)' });
    // The position stays, and so does the stop protecting it.
    expect(protectiveStop()).toEqual([stopAtVenue]);

    // 8. Running again, then the account is disarmed: switched off, its order cancelled; the position stays, closable once armed.
    await api.call('strategies.setEnabled', { name: 'venue-bot', enabled: true });
    await restingAgain();
    await api.call('accounts.disarm', { id: account.id });
    expect(await configOf(api)).toMatchObject({ account: 'binance:main', enabled: false, state: 'stopped', openPositions: 1 });
    expect(stub.book.open('ETHUSDT')).toEqual([]);
    expect((await api.call('positions.list', {})).find((p) => p.id === positionId)).toMatchObject({ quantity: 0.01234 });
    expect(protectiveStop()).toEqual([stopAtVenue]);
    const notArmed = await failure(api.call('positions.close', { id: positionId }));
    expect(notArmed?.message).toBe("Arm live account main before closing venue-bot's BTC/USDT position");

    // 9. Armed again: closing the row sells it at the venue under the configuration's name; the position is gone.
    await api.call('accounts.arm', { id: account.id, confirmLabel: 'main' });
    await waitFor(async () => expect((await api.call('risk.state', {})).reconciling).toBe(false));
    const close = await api.call('positions.close', { id: positionId });
    expect(close).toMatchObject({ account: 'binance:main', source: 'venue-bot', symbol: 'BTC/USDT', side: 'sell', type: 'market', amount: 0.01234 });
    await waitFor(async () => expect((await api.call('positions.list', {})).some((p) => p.id === positionId)).toBe(false));
    expect(stub.book.orders.filter((o) => o.symbol === 'BTCUSDT').map((o) => [o.side, o.type])).toEqual([
      ['BUY', 'MARKET'],
      ['SELL', 'STOP_LOSS_LIMIT'],
      ['SELL', 'MARKET'],
    ]);
    // The stop went before the sell that needed its coins; nothing is left resting.
    expect(stub.book.orders.find((o) => o.clientOrderId === stopAtVenue!.clientOrderId)?.status).toBe('CANCELED');
    expect(stub.book.open('BTCUSDT')).toEqual([]);
    const allFills = await waitFor(async () => {
      const list = (await api.call('fills.list', {})).filter((f) => f.source === 'venue-bot');
      expect(list).toHaveLength(2);
      return list;
    });
    expect(allFills.map((f) => f.side).sort()).toEqual(['buy', 'sell']);
  });
});
