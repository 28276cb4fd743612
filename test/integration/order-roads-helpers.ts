import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApiClient, type ApiClient } from '../../core/api/client.js';
import { serveApi } from '../../core/api/server.js';
import { createInMemoryPair } from '../../core/api/transport.js';
import type { TerminalConfigInput } from '../../core/app/config.js';
import { Terminal, type TerminalDependencies } from '../../core/app/terminal.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { removeDir, tempDir, testKeychain } from './store-helpers.js';

/**
 * What the order-road tests share: a real Terminal (real keychain under test/with-keyring.sh, encrypted
 * store) with one live account armed on a loopback venue stub the way a trader arms it, and the views the
 * trader reads (orders, positions, fills).
 */
export interface RoadAccount {
  readonly exchange: string;
  readonly label: string;
  readonly apiKey: string;
  readonly secret: string;
  readonly url: string;
}

export interface Road {
  readonly terminal: Terminal;
  readonly api: ApiClient;
  readonly account: string;
  orderRow(clientOrderId: string): Promise<OrderRow | undefined>;
  manualRow(symbol: string): Promise<PositionRow | undefined>;
  fillsOf(clientOrderId: string): Promise<FillRow[]>;
  /** Closes the terminal, removes its keychain entries and its data directory. */
  close(): Promise<void>;
}

type OrderRow = Awaited<ReturnType<typeof listOrders>>[number];
type PositionRow = Awaited<ReturnType<typeof listPositions>>[number];
type FillRow = Awaited<ReturnType<typeof listFills>>[number];
const listOrders = (api: ApiClient) => api.call('orders.list', { status: 'all' });
const listPositions = (api: ApiClient) => api.call('positions.list', {});
const listFills = (api: ApiClient) => api.call('fills.list', {});

/**
 * Adds the account with the stub's loopback URL, saves the risk limits and arms it with the typed label.
 * `strategies` are the trader's strategy files (name → source) in the data directory; `config` tunes the terminal.
 */
export async function armedRoad(options: { venue: RoadAccount; timeoutMs: number; permissions: 'checked' | 'unknown'; strategies?: Readonly<Record<string, string>>; config?: Partial<TerminalConfigInput> }): Promise<Road> {
  const keychain = testKeychain();
  const dataDir = tempDir(`halyard-roads-${options.venue.exchange}-`);
  mkdirSync(join(dataDir, 'strategies'), { recursive: true });
  for (const [name, source] of Object.entries(options.strategies ?? {})) writeFileSync(join(dataDir, 'strategies', `${name}.js`), source);
  const terminal = await Terminal.create({ dataDir, keychainService: keychain.service, tickMs: 1_000, ...options.config });
  const [serverEnd, clientEnd] = createInMemoryPair();
  serveApi(serverEnd, terminal.handlers, terminal.events, { batchMs: 0 });
  const api = createApiClient(clientEnd, { timeoutMs: options.timeoutMs });
  const { venue } = options;
  const added = await api.call('accounts.add', { exchange: venue.exchange, label: venue.label, apiKey: venue.apiKey, apiSecret: venue.secret, baseUrl: venue.url });
  await api.call('risk.config.set', { config: await api.call('risk.config.get', {}) });
  await expect(api.call('accounts.arm', { id: added.id, confirmLabel: venue.label })).resolves.toMatchObject({ mode: 'live', keyPermissions: options.permissions });
  const account = `${venue.exchange}:${venue.label}`;
  return {
    terminal,
    api,
    account,
    orderRow: async (clientOrderId) => (await listOrders(api)).find((o) => o.clientOrderId === clientOrderId),
    manualRow: async (symbol) => (await listPositions(api)).find((p) => p.account === account && p.symbol === symbol && p.source === 'manual'),
    fillsOf: async (clientOrderId) => (await listFills(api)).filter((f) => f.clientOrderId === clientOrderId),
    close: async () => {
      await terminal.close();
      await keychain.cleanup([account]);
      removeDir(dataDir);
    },
  };
}

/**
 * The emergency stop cancels a resting limit buy at the venue (`openAtVenue` lists the client ids the
 * venue still holds open), new entries are refused while HALTED, and after re-arm the ticket trades again.
 */
export async function emergencyStopRoad(road: Road, ticket: { symbol: string; amount: string; price: string }, openAtVenue: () => readonly (string | null)[]): Promise<void> {
  const { api, account } = road;
  const place = () => api.call('orders.place', { account, symbol: ticket.symbol, side: 'buy', type: 'limit', amount: ticket.amount, price: ticket.price });
  const resting = await place();
  expect(openAtVenue()).toEqual([resting.clientOrderId]);

  const stopped = await api.call('risk.emergencyStop', { source: 'button' });
  expect(stopped.halted).toBe(true);
  expect(stopped.stop?.orders.map((o) => [o.account, o.clientOrderId, o.outcome])).toEqual([[account, resting.clientOrderId, 'canceled']]);
  expect(stopped.stop?.remainingOpen).toBe(0);
  expect(openAtVenue()).toEqual([]);
  expect(await road.orderRow(resting.clientOrderId)).toMatchObject({ status: 'canceled' });
  const refused = await place().catch((error: unknown) => error);
  expect(String((refused as Error).message)).toMatch(/HALTED/);

  await expect(api.call('risk.rearm', { confirm: true })).resolves.toMatchObject({ halted: false });
  const after = await place();
  expect(after.status).toBe('open');
  await api.call('orders.cancel', { clientOrderId: after.clientOrderId });
  expect(openAtVenue()).toEqual([]);
}

/** The terminal's API over an in-memory pair, with a Binance stub account `label` added and armed as a trader does it. */
export async function armedBinanceApi(terminal: Terminal, stub: { apiKey: string; secret: string; url: string }, label: string): Promise<{ api: ApiClient; accountId: number }> {
  const { api, accountId } = await binanceAccountApi(terminal, stub, label);
  await api.call('accounts.arm', { id: accountId, confirmLabel: label });
  return { api, accountId };
}

/** An API client on `terminal` with risk limits saved and the stub account `label` added, not armed yet. */
export async function binanceAccountApi(terminal: Terminal, stub: { apiKey: string; secret: string; url: string }, label: string): Promise<{ api: ApiClient; accountId: number }> {
  const [serverEnd, clientEnd] = createInMemoryPair();
  serveApi(serverEnd, terminal.handlers, terminal.events, { batchMs: 0 });
  const api = createApiClient(clientEnd, { timeoutMs: 30_000 });
  await api.call('risk.config.set', { config: await api.call('risk.config.get', {}) });
  const account = await api.call('accounts.add', { exchange: 'binance', label, apiKey: stub.apiKey, apiSecret: stub.secret, baseUrl: stub.url });
  return { api, accountId: account.id };
}

/**
 * A real Terminal (fresh data folder, test keychain) and a Binance stub for the whole test file, set up
 * before its tests and closed after them; the stub account `label` leaves the keychain with them.
 */
export function binanceTerminalForFile(label: string, dependencies: TerminalDependencies = {}): { readonly stub: BinanceStub; readonly terminal: Terminal } {
  const keychain = testKeychain();
  const dataDir = tempDir(`halyard-${label}-`);
  const held = {} as { stub: BinanceStub; terminal: Terminal };
  beforeAll(async () => {
    held.stub = await startBinanceStub();
    held.terminal = await Terminal.create({ dataDir, keychainService: keychain.service, tickMs: 1_000 }, dependencies);
  });
  afterAll(async () => {
    await held.terminal.close();
    await held.stub.close();
    await keychain.cleanup([`binance:${label}`]);
    removeDir(dataDir);
  });
  return held;
}
