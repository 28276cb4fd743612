import { describe, expect, it } from 'vitest';
import type { ExchangePort, Fill, OrderRequest } from '../../../core/exchange/port.js';
import { JournaledExchange } from '../../../core/orders/journaled-exchange.js';
import { Reconciler, type ReconcileAccount } from '../../../core/risk/reconcile.js';
import { paperWorld } from './paper-world.js';
import { T0 } from './helpers.js';

const bar = (time: number, price: number) => ({ time, open: price, high: price, low: price, close: price, volume: 1_000 });

function setup(balances?: Record<string, number>) {
  const world = paperWorld(balances ? { balances } : {});
  const account: ReconcileAccount = { id: 'paper', label: 'Paper', port: world.exchange };
  const reconciler = new Reconciler({ journal: world.journal, accounts: () => [account], settings: world.store.settings, now: world.now });
  return { world, reconciler };
}

describe('reconciliation', () => {
  it('closes an intent the venue never received (crash between journal and send) as rejected', async () => {
    const { world, reconciler } = setup();
    world.journal.intend({ clientOrderId: 'lost-1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 90 }, { venue: 'paper', strategy: 'dca-grid', reason: 'grid' });
    const report = await reconciler.reconcile('start');
    expect(report.updated).toEqual(['lost-1 BTC/USDT: pending → rejected (never reached Paper)']);
    expect(world.store.orders.get('lost-1')!.status).toBe('rejected');
    expect(report.differences).toEqual([]);
    expect(report.accounts).toEqual([{ account: 'paper', ok: true, error: null, marketsChecked: ['BTC/USDT'] }]);
  });

  it('brings the journal up to date from the venue after Halyard was away (fills it missed, an intent it sent before dying)', async () => {
    const { world } = setup();
    await world.exchange.placeOrder({ clientOrderId: 'o-1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 100 });
    // o-2 was journaled and sent, but Halyard died before hearing back.
    world.journal.intend({ clientOrderId: 'o-2', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 99 }, { venue: 'paper', strategy: 'dca-grid', reason: 'grid' });
    await world.exchange.close(); // Halyard is gone: nothing reaches the journal from here
    await world.paper.placeOrder({ clientOrderId: 'o-2', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 99 });
    world.paper.onCandle('BTC/USDT', { time: T0, open: 101, high: 101, low: 98, close: 98, volume: 1_000 }); // both limits fill at their price
    expect(world.store.orders.get('o-1')!.status).toBe('open');
    const reconciler = new Reconciler({ journal: world.journal, accounts: () => [{ id: 'paper', label: 'Paper', port: world.paper }], now: world.now });
    const report = await reconciler.reconcile('resume');
    expect(report.updated).toEqual(['o-1 BTC/USDT: open → filled', 'o-2 BTC/USDT: pending → filled']);
    expect(world.store.fills.forOrder('o-2')).toHaveLength(1);
    expect(report.positions).toEqual([{ account: 'paper', symbol: 'BTC/USDT', quantity: 2, averageEntry: 99.5 }]);
    expect(report.differences).toEqual([]);
  });

  it('lists an open order Halyard did not place; the trader can cancel it', async () => {
    const { world, reconciler } = setup();
    await world.paper.placeOrder({ clientOrderId: 'manual-web', symbol: 'ETH/USDT', side: 'buy', type: 'limit', amount: 1, price: 50 });
    const report = await reconciler.reconcile('start');
    expect(report.differences).toEqual([
      {
        id: 'paper:untracked_order:manual-web',
        account: 'paper',
        kind: 'untracked_order',
        symbol: 'ETH/USDT',
        clientOrderId: 'manual-web',
        exchangeOrderId: expect.any(String),
        detail: 'Paper has an open ETH/USDT buy limit order of 1 at 50 that Halyard did not place',
        actions: ['adopt', 'ignore', 'cancel'],
      },
    ]);
    expect(await reconciler.resolve('paper:untracked_order:manual-web', 'cancel')).toEqual([]);
    expect(await world.paper.fetchOpenOrders()).toEqual([]);
  });

  it('adopting an untracked order journals it; ignoring one keeps it out of later reports', async () => {
    const { world, reconciler } = setup();
    await world.paper.placeOrder({ clientOrderId: 'ext-1', symbol: 'ETH/USDT', side: 'buy', type: 'limit', amount: 1, price: 50 });
    await world.paper.placeOrder({ clientOrderId: 'ext-2', symbol: 'ETH/USDT', side: 'buy', type: 'limit', amount: 1, price: 51 });
    await reconciler.reconcile('start');
    await reconciler.resolve('paper:untracked_order:ext-1', 'adopt');
    await reconciler.resolve('paper:untracked_order:ext-2', 'ignore');
    expect(world.store.orders.get('ext-1')).toMatchObject({ status: 'open', reason: 'adopted during reconciliation', strategy: null });
    const again = await reconciler.reconcile('manual');
    expect(again.differences).toEqual([]);
    await expect(reconciler.resolve('paper:untracked_order:ext-2', 'adopt')).rejects.toThrow(/no reconciliation difference/);
  });

  it('flags fills of foreign orders and a balance smaller than the bot position', async () => {
    const { world, reconciler } = setup({ USDT: 10_000 });
    world.paper.onCandle('BTC/USDT', bar(T0, 100));
    await world.exchange.placeOrder({ clientOrderId: 'bot-buy', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 2 });
    world.paper.onCandle('BTC/USDT', bar(T0 + 60_000, 100));
    // Someone sells 1.5 BTC outside Halyard.
    await world.paper.placeOrder({ clientOrderId: 'outside', symbol: 'BTC/USDT', side: 'sell', type: 'market', amount: 1.5 });
    world.paper.onCandle('BTC/USDT', bar(T0 + 120_000, 100));
    const report = await reconciler.reconcile('start');
    expect(report.differences.map((d) => [d.kind, d.actions])).toEqual([
      ['untracked_fill', ['adopt', 'ignore']],
      ['balance_short', ['ignore']],
    ]);
    expect(report.differences[1]!.detail).toBe("Halyard's fills say it holds 2 BTC on BTC/USDT, but Paper reports only 0.5 BTC: something sold outside Halyard");
    // Adopting the foreign sell makes it the bot's: the rebuilt position is then 0.5 BTC.
    const fillId = report.differences[0]!.id;
    await reconciler.resolve(fillId, 'adopt');
    expect(reconciler.botPositions('paper')).toEqual([{ symbol: 'BTC/USDT', quantity: 0.5, averageEntry: 100 }]);
  });

  it('reads one listing for every market where the venue lists them all together (Kraken): a website trade on a market never traded is found, and no market is asked on its own', async () => {
    // Made on the venue's website on a market Halyard never traded: only an account-wide listing holds it.
    const website: Fill = { id: 't-web', clientOrderId: '', exchangeOrderId: 'O-web', symbol: 'SOL/USDT', side: 'buy', price: 150, amount: 2, fee: 0.3, feeCurrency: 'USDT', liquidity: 'taker', time: T0 };
    const fillsAsked = async (accountWide: boolean) => {
      const world = paperWorld({ balances: { USDT: 10_000, ETH: 2 } });
      const asked: string[] = [];
      // The paper exchange as a venue of either kind; every other call goes to it unchanged.
      const port = new Proxy(world.exchange, {
        get(target, property) {
          if (property === 'capabilities') return { ...target.capabilities, tradesListedAccountWide: accountWide };
          if (property === 'fetchFills') return (symbol: string, since?: number) => (asked.push(symbol), target.fetchFills(symbol, since));
          if (property === 'fetchAccountFills') return accountWide ? async () => (asked.push('every market'), [website]) : undefined;
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      world.journal.intend({ clientOrderId: 'o-1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 90 }, { venue: 'paper', strategy: 'dca-grid', reason: 'grid' });
      const reconciler = new Reconciler({ journal: world.journal, accounts: () => [{ id: 'paper', label: 'Paper', port }], settings: world.store.settings, now: world.now });
      const report = await reconciler.reconcile('start');
      const { marketsChecked, everyMarket } = report.accounts[0]!;
      return { asked, marketsChecked, everyMarket, listed: report.differences.map((d) => `${d.kind} ${d.symbol} ${d.exchangeOrderId ?? ''}`) };
    };
    // Listed per market (Binance): ETH is held and no known market trades it, so ETH/USDT is asked too.
    expect(await fillsAsked(false)).toEqual({ asked: ['BTC/USDT', 'ETH/USDT'], marketsChecked: ['BTC/USDT', 'ETH/USDT'], everyMarket: undefined, listed: [] });
    // One listing of every market (Kraken's TradesHistory): read once, and the website trade in it is listed for the trader.
    expect(await fillsAsked(true)).toEqual({ asked: ['every market'], marketsChecked: ['BTC/USDT', 'SOL/USDT'], everyMarket: true, listed: ['untracked_fill SOL/USDT O-web'] });
  });

  it('leaves alone an order whose send is still in flight in this process', async () => {
    const world = paperWorld();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // A venue that answers slowly (like a live exchange): the order reaches it only after `release`.
    const slow = Object.assign(Object.create(world.paper) as ExchangePort, {
      placeOrder: async (request: OrderRequest) => {
        await gate;
        return world.paper.placeOrder(request);
      },
    });
    const exchange = JournaledExchange.wrap({ inner: slow, journal: world.journal, halted: () => false, venue: 'paper' });
    const sending = exchange.placeOrder({ clientOrderId: 'slow-1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 90 });
    const reconciler = new Reconciler({ journal: world.journal, accounts: () => [{ id: 'paper', label: 'Paper', port: exchange }], now: world.now });
    const report = await reconciler.reconcile('reconnect');
    expect(report.updated).toEqual([]);
    expect(world.store.orders.get('slow-1')!.status).toBe('pending');
    release();
    await sending;
    expect(world.store.orders.get('slow-1')!.status).toBe('open');
  });

  it('says it is reconciling while it runs', async () => {
    const { reconciler } = setup();
    const running = reconciler.reconcile('start');
    expect(reconciler.reconciling).toBe(true);
    await running;
    expect(reconciler.reconciling).toBe(false);
  });
});

describe('a reconciliation of some accounts', () => {
  it('holds the orders of the accounts it checks only (a retry of one failing account holds no other)', async () => {
    const { world } = setup();
    let answer!: () => void;
    const slow: ExchangePort = Object.create(world.exchange, { loadMarkets: { value: () => new Promise<void>((resolve) => (answer = resolve)) } });
    const reconciler = new Reconciler({
      journal: world.journal,
      accounts: () => [
        { id: 'paper', label: 'Paper', port: world.exchange },
        { id: 'binance:main', label: 'Binance', port: slow },
      ],
      now: world.now,
    });
    const run = reconciler.reconcile('start', new Set(['binance:main']));
    expect([reconciler.reconciling, reconciler.reconcilingAccount('binance:main'), reconciler.reconcilingAccount('paper')]).toEqual([true, true, false]);
    answer();
    const report = await run;
    expect(report.accounts.map((a) => a.account)).toEqual(['binance:main']);
    expect([reconciler.reconciling, reconciler.reconcilingAccount('binance:main')]).toEqual([false, false]);
  });

  it('holds an account armed now from before it is listed until its own run has ended', async () => {
    const { reconciler } = setup();
    const release = reconciler.hold('binance:main');
    expect([reconciler.reconcilingAccount('binance:main'), reconciler.reconcilingAccount('paper')]).toEqual([true, false]);
    const run = reconciler.reconcile('start', new Set(['paper']));
    release();
    release(); // a second release takes no other hold away
    expect([reconciler.reconcilingAccount('binance:main'), reconciler.reconcilingAccount('paper')]).toEqual([false, true]);
    await run;
    expect(reconciler.reconcilingAccount('paper')).toBe(false);
  });
});
