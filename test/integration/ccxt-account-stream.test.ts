import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CcxtAccountStream, type AccountStreamStatus } from '../../core/exchange/ccxt-account-stream.js';
import type { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import type { ExchangeOrder, Fill } from '../../core/exchange/port.js';
import { toUnits } from '../stubs/binance-book.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { binanceVenue } from '../stubs/binance-venue.js';

/**
 * A live account's private updates through real ccxt code against the loopback Binance stub: REST
 * polling, and Binance's user data stream over its WebSocket API (ccxt.pro watchOrders /
 * watchBalance), including the socket dropping and coming back; and REST reads taken before a push but
 * answered after it (the stub's `held` fault delivers an answer read at the venue only when the test says),
 * which must never take an order back nor put back balances the push had moved.
 */
let stub: BinanceStub;
let venue: CcxtExchange;
let stream: CcxtAccountStream | null = null;

beforeEach(async () => {
  stub = await startBinanceStub();
  venue = await binanceVenue(stub, 'binance:stream-test', 2);
});

afterEach(async () => {
  stub.releaseHeld();
  await stream?.stop();
  stream = null;
  await venue.close();
  await stub.close();
});

const waitFor = (assertion: () => void) => vi.waitFor(assertion, { timeout: 15_000, interval: 20 });

function collect() {
  const updates: { order: ExchangeOrder; fills: readonly Fill[] }[] = [];
  venue.onOrderUpdate((update) => updates.push(update));
  return updates;
}

describe('private order updates of a live account', () => {
  it('falls back to REST polling when the websocket is unavailable, and a fill made at the venue still arrives with its trade', async () => {
    stub.websocketAvailable = false;
    const statuses: AccountStreamStatus[] = [];
    let reconnects = 0;
    stream = new CcxtAccountStream({ exchange: venue, pollMs: 30, reconnectMs: 60_000, onStatus: (s) => statuses.push(s), onReconnected: () => reconnects++ });
    expect(stream.status().transport).toBe('websocket'); // binance has watchOrders in ccxt.pro: it tries that first
    const updates = collect();
    stream.start();
    await waitFor(() => expect(stream!.status()).toMatchObject({ transport: 'polling', state: 'connected' }));
    expect(stream.status().message).toMatch(/private websocket unavailable/);
    expect(reconnects).toBe(0); // a socket that never delivered lost nothing: polling took over from the start

    const placed = await venue.placeOrder({ clientOrderId: 'hy0000000stream01', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.001, price: 30_000 });
    expect(placed.status).toBe('open');
    // The market trades through the order at the venue; nobody asked the adapter about it.
    const trade = stub.book.fill(stub.book.open('BTCUSDT').find((o) => o.clientOrderId === 'hy0000000stream01')!);

    await waitFor(() => expect(updates.map((u) => u.order.status)).toContain('filled'));
    const filled = updates.find((u) => u.order.status === 'filled')!;
    expect(filled.order).toMatchObject({ clientOrderId: 'hy0000000stream01', filled: 0.001 });
    expect(filled.fills).toEqual([expect.objectContaining({ id: String(trade.id), clientOrderId: 'hy0000000stream01', amount: 0.001, price: 30_000 })]);
    // Announced once, not on every poll.
    const before = updates.length;
    const polls = stub.requestsTo('GET', '/api/v3/openOrders').length;
    await waitFor(() => expect(stub.requestsTo('GET', '/api/v3/openOrders').length).toBeGreaterThan(polls + 2));
    expect(updates.length).toBe(before);

    expect(stream.balances()).toEqual(expect.arrayContaining([expect.objectContaining({ currency: 'BTC' })]));
    expect(statuses.at(-1)?.lastUpdate).toBeGreaterThan(0);
  });

  it('delivers the trade of an order that rested while more than a page of other trades printed (myTrades answers 500 from startTime)', async () => {
    stub.websocketAvailable = false;
    stream = new CcxtAccountStream({ exchange: venue, pollMs: 30, reconnectMs: 60_000 });
    const updates = collect();
    stream.start();
    await waitFor(() => expect(stream!.status()).toMatchObject({ transport: 'polling', state: 'connected' }));
    await venue.placeOrder({ clientOrderId: 'hy0000000stream02', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.001, price: 30_000 });
    // The account trades BTCUSDT 500 times (another strategy, the venue's app) while the limit buy rests.
    for (let i = 0; i < 500; i++) stub.book.place({ symbol: 'BTCUSDT', side: i % 2 === 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity: toUnits(0.001), price: 0, stopPrice: 0, clientOrderId: `elsewhere${i}` });
    const trade = stub.book.fill(stub.book.open('BTCUSDT').find((o) => o.clientOrderId === 'hy0000000stream02')!);

    await waitFor(() => expect(updates.find((u) => u.order.clientOrderId === 'hy0000000stream02' && u.order.status === 'filled')).toBeDefined());
    const filled = updates.find((u) => u.order.clientOrderId === 'hy0000000stream02' && u.order.status === 'filled')!;
    expect(filled.fills).toEqual([expect.objectContaining({ id: String(trade.id), clientOrderId: 'hy0000000stream02', amount: 0.001, price: 30_000 })]);
  });

  it('reports the venue unreachable while polling fails, and connected again once it answers', async () => {
    stub.websocketAvailable = false;
    let reconnects = 0;
    stream = new CcxtAccountStream({ exchange: venue, pollMs: 30, reconnectMs: 60_000, maxPollFailures: 2, onReconnected: () => reconnects++ });
    stream.start();
    await waitFor(() => expect(stream!.status()).toMatchObject({ transport: 'polling', state: 'connected' }));
    stub.fault({ method: 'GET', path: '/api/v3/openOrders', kind: 'server_error', times: 20 });
    await waitFor(() => expect(stream!.status().state).toBe('disconnected'));
    expect(stream.status().message).toMatch(/unreachable/);
    expect(reconnects).toBe(0);
    await waitFor(() => expect(stream!.status().state).toBe('connected'));
    // Back after a loss: told once (what changed meanwhile needs a reconciliation), not at every poll after.
    expect(reconnects).toBe(1);
    const polled = stub.requestsTo('GET', '/api/v3/openOrders').length;
    await waitFor(() => expect(stub.requestsTo('GET', '/api/v3/openOrders').length).toBeGreaterThan(polled + 3));
    expect(reconnects).toBe(1);
  });

  it('tells a reconnect after hearing nothing for minutes (the machine slept), though no read failed', async () => {
    stub.websocketAvailable = false;
    let slept = 0;
    let reconnects = 0;
    stream = new CcxtAccountStream({ exchange: venue, pollMs: 30, reconnectMs: 60_000, now: () => Date.now() + slept, onReconnected: () => reconnects++ });
    stream.start();
    await waitFor(() => expect(stream!.status()).toMatchObject({ transport: 'polling', state: 'connected' }));
    expect(reconnects).toBe(0);
    slept = 10 * 60_000;
    await waitFor(() => expect(reconnects).toBe(1));
  });
});

/** Every fill announced to the adapter's listeners, by fill id, with how often. */
function fillCounts(updates: readonly { fills: readonly Fill[] }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const fill of updates.flatMap((u) => u.fills)) counts.set(fill.id, (counts.get(fill.id) ?? 0) + 1);
  return counts;
}

const restReads = () => stub.requests.filter((r) => r.method === 'GET' && ['/api/v3/openOrders', '/api/v3/order', '/api/v3/account'].includes(r.path)).length;

async function restingBuy(clientOrderId: string, price: number) {
  const placed = await venue.placeOrder({ clientOrderId, symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.001, price });
  expect(placed.status).toBe('open');
  return () => stub.book.fill(stub.book.open('BTCUSDT').find((o) => o.clientOrderId === clientOrderId)!);
}

describe('private order updates over the venue websocket (the user data stream)', () => {
  it('delivers a fill made at the venue, and the balances it changed, through the user data stream rather than polling', async () => {
    // REST resync only every 10 minutes: within this test, whatever arrives after the start came over the socket.
    stream = new CcxtAccountStream({ exchange: venue, pollMs: 30, resyncMs: 600_000, reconnectMs: 60_000 });
    const updates = collect();
    stream.start();
    await waitFor(() => expect(stub.userStream.subscribers()).toBe(1));
    await waitFor(() => expect(stream!.status()).toMatchObject({ transport: 'websocket', state: 'connected', message: null }));
    expect(stream.balances()).toEqual(expect.arrayContaining([expect.objectContaining({ currency: 'ETH', total: 10 })]));

    const fillAtVenue = await restingBuy('hy0000000wsfill01', 30_000);
    const readsBefore = restReads();
    // The market trades through the order at the venue; nobody asks the adapter about it.
    const trade = fillAtVenue();

    await waitFor(() => expect(updates.map((u) => u.order.status)).toContain('filled'));
    const filled = updates.filter((u) => u.order.status === 'filled');
    expect(filled).toHaveLength(1);
    expect(filled[0]!.order).toMatchObject({ clientOrderId: 'hy0000000wsfill01', filled: 0.001, averagePrice: 30_000 });
    expect(filled[0]!.fills).toEqual([expect.objectContaining({ id: String(trade.id), clientOrderId: 'hy0000000wsfill01', amount: 0.001, price: 30_000 })]);
    // The venue pushed the balances the fill touched; the others keep their figures.
    await waitFor(() =>
      expect(stream!.balances()).toEqual(
        expect.arrayContaining([
          // Binance takes a buy's commission from what it bought: 0.001 BTC less 0.1%.
          expect.objectContaining({ currency: 'BTC', free: 1.000999, total: 1.000999 }),
          expect.objectContaining({ currency: 'USDT', free: 9_970, used: 0 }),
          expect.objectContaining({ currency: 'ETH', total: 10 }),
        ]),
      ),
    );
    // Neither the order's state nor the balances were asked for over REST (only the fill's trade was).
    expect(restReads()).toBe(readsBefore);
    expect(stub.userStream.pushed.filter((e) => e.e === 'executionReport' && e.X === 'FILLED')).toHaveLength(1);
    expect(stream.status()).toMatchObject({ transport: 'websocket', state: 'connected' });
  });

  it('reads the account once more when the subscription stands: a fill made while the venue took it arrives then, not at the next resync', async () => {
    // The venue is slow to take the subscription; the REST resync comes only every 10 minutes.
    stub.userStream.holdSubscriptions = true;
    stream = new CcxtAccountStream({ exchange: venue, pollMs: 30, resyncMs: 600_000, reconnectMs: 60_000 });
    const updates = collect();
    stream.start();
    await waitFor(() => expect(stub.userStream.heldSubscriptions()).toBe(1));
    const fillWhileSubscribing = await restingBuy('hy0000000wssub001', 30_000);
    const trade = fillWhileSubscribing(); // pushed to nobody: no socket is subscribed yet
    expect(stub.userStream.subscribers()).toBe(0);
    // A socket is open, but the stream does not claim the websocket before it has caught up.
    expect(stream.status().state).toBe('connecting');

    stub.userStream.releaseSubscriptions();
    await waitFor(() => expect(updates.map((u) => u.order.status)).toContain('filled'));
    expect(updates.find((u) => u.order.status === 'filled')!.order).toMatchObject({ clientOrderId: 'hy0000000wssub001', filled: 0.001 });
    expect(fillCounts(updates)).toEqual(new Map([[String(trade.id), 1]]));
    await waitFor(() => expect(stream!.status()).toMatchObject({ transport: 'websocket', state: 'connected', message: null }));
    expect(stub.userStream.subscribers()).toBe(1);
  });

  it('falls back to polling when the venue drops the socket, delivers fills made meanwhile once, and resumes the websocket when it returns', async () => {
    const statuses: AccountStreamStatus[] = [];
    let reconnects = 0;
    stream = new CcxtAccountStream({ exchange: venue, pollMs: 30, resyncMs: 600_000, reconnectMs: 100, onStatus: (s) => statuses.push(s), onReconnected: () => reconnects++ });
    const updates = collect();
    stream.start();
    await waitFor(() => expect(stub.userStream.subscribers()).toBe(1));
    await waitFor(() => expect(stream!.status()).toMatchObject({ transport: 'websocket', state: 'connected' }));
    const fillDuringDrop = await restingBuy('hy0000000wsdrop01', 30_000);
    const fillAfterReturn = await restingBuy('hy0000000wsback01', 31_000);
    // An ETH order: the socket reports the ETH balance (10) before it drops.
    await venue.placeOrder({ clientOrderId: 'hy0000000wseth001', symbol: 'ETH/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 2_000 });
    await waitFor(() => expect(stub.userStream.pushed.filter((e) => e.e === 'outboundAccountPosition')).toHaveLength(3));

    // The venue drops the socket and refuses new ones for a while.
    stub.websocketAvailable = false;
    stub.dropWebsockets();
    await waitFor(() => expect(stream!.status()).toMatchObject({ transport: 'polling', state: 'connected' }));
    expect(stream.status().message).toMatch(/private websocket unavailable/);
    await waitFor(() => expect(stub.userStream.subscribers()).toBe(0)); // nobody hears what follows: only REST can tell
    const during = fillDuringDrop();
    stub.book.setBalance('ETH', 7); // 3 ETH leave the account while nobody listens
    await waitFor(() => expect(updates.some((u) => u.order.clientOrderId === 'hy0000000wsdrop01' && u.order.status === 'filled')).toBe(true));
    // It keeps trying the websocket (refused), and keeps saying it polls meanwhile.
    const refused = stub.refusedWebsockets;
    await waitFor(() => expect(stub.refusedWebsockets).toBeGreaterThanOrEqual(refused + 2));
    expect(stream.status()).toMatchObject({ transport: 'polling', state: 'connected' });
    expect(reconnects).toBe(1); // the socket that delivered dropped: told once, when REST answered again — not at each refused retry

    // The socket is back: the stream returns to it on its own.
    stub.websocketAvailable = true;
    await waitFor(() => expect(stub.userStream.subscribers()).toBe(1));
    await waitFor(() => expect(stream!.status()).toMatchObject({ transport: 'websocket', state: 'connected', message: null }));
    const readsBefore = restReads();
    const after = fillAfterReturn();
    await waitFor(() => expect(updates.some((u) => u.order.clientOrderId === 'hy0000000wsback01' && u.order.status === 'filled')).toBe(true));
    expect(restReads()).toBe(readsBefore); // this one came over the socket
    // Balances: what the socket pushed since, over what polling saw while it was down (not the socket's older ETH figure).
    await waitFor(() =>
      expect(stream!.balances()).toEqual(expect.arrayContaining([expect.objectContaining({ currency: 'BTC', total: 1.001998 }), expect.objectContaining({ currency: 'ETH', total: 7 })])),
    );

    // Each fill reached the adapter's listeners exactly once, whichever way it came.
    expect(fillCounts(updates)).toEqual(new Map([[String(during.id), 1], [String(after.id), 1]]));
    expect(updates.filter((u) => u.order.status === 'filled').map((u) => u.order.clientOrderId).sort()).toEqual(['hy0000000wsback01', 'hy0000000wsdrop01']);
    // What the status bar showed, in order: the websocket, polling while it was gone, the websocket again.
    const transports = statuses.filter((s) => s.state === 'connected').map((s) => s.transport);
    expect(transports.filter((t, i) => t !== transports[i - 1])).toEqual(['websocket', 'polling', 'websocket']);
    expect(reconnects).toBe(1);
  });
});

/** A stream on the websocket that resyncs over REST every 150 ms, connected; and what its adapter announces. */
async function connectedStream() {
  const updates: { order: ExchangeOrder; fills: readonly Fill[] }[] = [];
  venue.onOrderUpdate((update) => updates.push(update));
  stream = new CcxtAccountStream({ exchange: venue, pollMs: 30, resyncMs: 150, reconnectMs: 60_000 });
  stream.start();
  await waitFor(() => expect(stream!.status()).toMatchObject({ transport: 'websocket', state: 'connected' }));
  return updates;
}

/** Holds the next `times` answers of a REST endpoint; resolves once the first one is held (read at the venue). */
async function holdNext(path: string, times: number): Promise<void> {
  stub.fault({ method: 'GET', path, kind: 'held', times });
  await waitFor(() => expect(stub.held()).toBe(1));
}

/** Lets the held answer through and waits until the stream's next resync reads (and is held) again: the stale answer was taken in. */
async function releaseAndAwaitNextRead(): Promise<void> {
  stub.releaseHeld();
  await waitFor(() => expect(stub.held()).toBe(1));
}

function progressOf(updates: readonly { order: ExchangeOrder }[], clientOrderId: string) {
  return updates.filter((u) => u.order.clientOrderId === clientOrderId).map((u) => ({ status: u.order.status, filled: u.order.filled }));
}

describe('a REST read older than a websocket push', () => {
  it('never takes an order back: a part fill pushed meanwhile stays, and the rest fills once', async () => {
    const updates = await connectedStream();
    await venue.placeOrder({ clientOrderId: 'hy0000000stale001', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.002, price: 30_000 });
    const atVenue = stub.book.open('BTCUSDT').find((o) => o.clientOrderId === 'hy0000000stale001')!;

    // The resync's open-orders read is taken at the venue (order open, nothing filled) and held on its way.
    await holdNext('/api/v3/openOrders', 3);
    const first = stub.book.fill(atVenue, atVenue.price, true, toUnits(0.001));
    await waitFor(() => expect(progressOf(updates, 'hy0000000stale001')).toContainEqual({ status: 'partially_filled', filled: 0.001 }));
    await releaseAndAwaitNextRead();

    // The rest fills; the (again older) second read arrives after that push.
    const rest = stub.book.fill(atVenue, atVenue.price, true);
    await waitFor(() => expect(progressOf(updates, 'hy0000000stale001').at(-1)).toEqual({ status: 'filled', filled: 0.002 }));
    await releaseAndAwaitNextRead();
    stub.clearFaults();
    stub.releaseHeld();
    const polls = stub.requestsTo('GET', '/api/v3/openOrders').length;
    await waitFor(() => expect(stub.requestsTo('GET', '/api/v3/openOrders').length).toBeGreaterThan(polls + 1));

    // Every announcement of the order moved it forward or repeated it: never a lower filled amount, never open after filled.
    const progress = progressOf(updates, 'hy0000000stale001');
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.filled).toBeGreaterThanOrEqual(progress[i - 1]!.filled);
    const ended = progress.findIndex((p) => p.status === 'filled');
    for (const later of progress.slice(ended)) expect(later).toEqual({ status: 'filled', filled: 0.002 });
    // Each trade reached the listeners once, none lost.
    expect(fillCounts(updates)).toEqual(new Map([[String(first.id), 1], [String(rest.id), 1]]));
  });

  it('keeps balances the websocket pushed after the read was sent, and takes the read for the others', async () => {
    await connectedStream();
    await venue.placeOrder({ clientOrderId: 'hy0000000stale002', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.001, price: 30_000 });
    const atVenue = stub.book.open('BTCUSDT').find((o) => o.clientOrderId === 'hy0000000stale002')!;

    // The resync's account read is taken at the venue (30.03 USDT locked by the order, 1 BTC) and held on its way.
    await holdNext('/api/v3/account', 2);
    stub.book.fill(atVenue);
    const afterFill = [
      // Binance takes a buy's commission from what it bought: 0.001 BTC less 0.1%.
      expect.objectContaining({ currency: 'BTC', free: 1.000999, total: 1.000999 }),
      expect.objectContaining({ currency: 'USDT', free: 9_970, used: 0, total: 9_970 }),
    ];
    await waitFor(() => expect(stream!.balances()).toEqual(expect.arrayContaining(afterFill)));
    await releaseAndAwaitNextRead();
    expect(stream!.balances()).toEqual(expect.arrayContaining(afterFill));
    expect(stream!.currentBalances()).toEqual(expect.arrayContaining(afterFill));

    // A change the socket never pushed (3 ETH leave the account) still comes from the reads that follow.
    stub.book.setBalance('ETH', 7);
    stub.clearFaults();
    stub.releaseHeld();
    const reads = stub.requestsTo('GET', '/api/v3/account').length;
    await waitFor(() => expect(stub.requestsTo('GET', '/api/v3/account').length).toBeGreaterThan(reads + 1));
    await waitFor(() => expect(stream!.balances()).toEqual(expect.arrayContaining([...afterFill, expect.objectContaining({ currency: 'ETH', total: 7 })])));
  });
});
