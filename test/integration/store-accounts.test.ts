import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../core/api/client.js';
import { ApiError } from '../../core/api/errors.js';
import { serveApi } from '../../core/api/server.js';
import { createInMemoryPair } from '../../core/api/transport.js';
import { Terminal } from '../../core/app/terminal.js';
import { filesContaining, removeDir, tempDir, testKeychain } from './store-helpers.js';

const SECRET = 'sEcReT-9f8e7d6c5b4a-do-not-leak';
const SECRET_2 = 'second-SECRET-1234567890-do-not-leak';
const PASSPHRASE = 'pass-PHRASE-do-not-leak';
const API_KEY = 'APIKEY-0123456789-wxyz';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start() {
  const keychain = testKeychain();
  const dataDir = tempDir();
  cleanups.push(() => keychain.cleanup(['okx:Main desk', 'binance:spot']), () => removeDir(dataDir));
  const terminal = await Terminal.create({ dataDir, keychainService: keychain.service, tickMs: 1_000 });
  const [serverEnd, clientEnd] = createInMemoryPair();
  const stop = serveApi(serverEnd, terminal.handlers, terminal.events, { batchMs: 0 });
  const client = createApiClient(clientEnd, { timeoutMs: 30_000 });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    stop();
    client.dispose();
    await terminal.close();
  };
  cleanups.push(close);
  return { keychain, dataDir, terminal, client, close };
}

describe('exchange accounts: the row in the store, the secrets in the keychain', () => {
  it('adds an account, shows only a masked key, keeps the secrets in the keychain under <exchange>:<label>, and audits it', async () => {
    const { keychain, dataDir, terminal, client, close } = await start();
    const view = await client.call('accounts.add', { exchange: 'okx', label: 'Main desk', apiKey: API_KEY, apiSecret: SECRET, passphrase: PASSPHRASE, sandbox: true });
    expect(view).toMatchObject({ exchange: 'okx', label: 'Main desk', mode: 'paper', sandbox: true, hasKey: true, maskedKey: '••••wxyz', hasPassphrase: true, baseUrl: null });
    const listed = await client.call('accounts.list', {});
    expect(listed).toEqual([view]);
    for (const response of [view, listed]) {
      const text = JSON.stringify(response);
      for (const secret of [SECRET, PASSPHRASE, API_KEY]) expect(text).not.toContain(secret);
    }

    const entry = await keychain.read('okx:Main desk');
    expect(entry.ok && JSON.parse(entry.value ?? 'null')).toEqual({ apiKey: API_KEY, apiSecret: SECRET, passphrase: PASSPHRASE });
    await expect(terminal.storage.accounts.credentials(view.id)).resolves.toEqual({ apiKey: API_KEY, apiSecret: SECRET, passphrase: PASSPHRASE });

    const audit = await client.call('audit.list', { category: 'credentials' });
    expect(audit.map((e) => [e.action, e.detail.label])).toEqual([['account_added', 'Main desk']]);
    expect(JSON.stringify(audit)).not.toContain(SECRET);

    await close();
    for (const secret of [SECRET, PASSPHRASE, API_KEY]) expect(filesContaining(dataDir, secret)).toEqual([]);
  });

  it('refuses a duplicate label on the same exchange and leaves the first account and its secret alone', async () => {
    const { keychain, client } = await start();
    await client.call('accounts.add', { exchange: 'binance', label: 'spot', apiKey: API_KEY, apiSecret: SECRET });
    const error = await client.call('accounts.add', { exchange: 'binance', label: 'spot', apiKey: 'other-key', apiSecret: 'other-secret' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('rejected');
    expect((error as ApiError).message).toMatch(/already exists/);
    const entry = await keychain.read('binance:spot');
    expect(entry.ok && JSON.parse(entry.value ?? 'null').apiSecret).toBe(SECRET);
    expect(await client.call('accounts.list', {})).toHaveLength(1);
    // An id that looks like an exchange but is not one ccxt knows is refused, naming the field; nothing is stored.
    const unknown = await client.call('accounts.add', { exchange: 'notanexchange', label: 'x', apiKey: API_KEY, apiSecret: SECRET }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^exchange: "notanexchange" is not an exchange ccxt supports/) });
    const stored = await keychain.read('notanexchange:x');
    expect(stored.ok ? stored.value : null).toBeNull();
    expect(await client.call('accounts.list', {})).toHaveLength(1);
  });

  it('takes a base URL over https to any host, or http only to this machine, and an exchange id exchanges.list offers; refuses the rest naming the field', async () => {
    const { keychain, client } = await start();
    cleanups.push(() => keychain.cleanup(['binance:tls', 'binance:local', 'binance:v6']));
    const add = (label: string, extra: Record<string, string>) => client.call('accounts.add', { exchange: 'binance', label, apiKey: API_KEY, apiSecret: SECRET, ...extra });
    await expect(add('tls', { baseUrl: 'https://proxy.example.com/binance' })).resolves.toMatchObject({ baseUrl: 'https://proxy.example.com/binance' });
    await expect(add('local', { baseUrl: 'http://localhost:8123' })).resolves.toMatchObject({ baseUrl: 'http://localhost:8123' });
    await expect(add('v6', { baseUrl: 'http://[::1]:8123' })).resolves.toMatchObject({ baseUrl: 'http://[::1]:8123' });
    for (const [baseUrl, why] of [
      ['http://192.168.1.20:8080', /^may use http:\/\/ only for a venue on this machine \(127\.0\.0\.1, localhost, \[::1\]\); use https:\/\/ for 192\.168\.1\.20/],
      ['http://api.binance.com', /use https:\/\/ for api\.binance\.com/],
      ['ftp://127.0.0.1', /^must start with https:\/\//],
      ['not a url', /^must be a URL such as https:\/\/api\.example\.com$/],
    ] as const) {
      const error = (await add('plain', { baseUrl }).catch((e: unknown) => e)) as ApiError;
      expect(error).toMatchObject({ code: 'bad_request', issues: [{ path: 'baseUrl', message: expect.stringMatching(why) }] });
    }
    const unknown = (await client.call('accounts.add', { exchange: 'notavenue', label: 'x', apiKey: API_KEY, apiSecret: SECRET }).catch((e: unknown) => e)) as ApiError;
    expect(unknown).toMatchObject({ code: 'bad_request', issues: [{ path: 'exchange', message: 'exchange "notavenue" is not one exchanges.list offers' }] });
    expect((await client.call('accounts.list', {})).map((a) => a.label).sort()).toEqual(['local', 'tls', 'v6']);
  });

  it('replaces credentials and removes an account together with its keychain entry', async () => {
    const { keychain, client, dataDir, close } = await start();
    const added = await client.call('accounts.add', { exchange: 'binance', label: 'spot', apiKey: API_KEY, apiSecret: SECRET, passphrase: PASSPHRASE });
    const replaced = await client.call('accounts.replaceCredentials', { id: added.id, apiKey: 'NEWKEY-5678', apiSecret: SECRET_2 });
    expect(replaced).toMatchObject({ id: added.id, maskedKey: '••••5678', hasPassphrase: false });
    const entry = await keychain.read('binance:spot');
    expect(entry.ok && JSON.parse(entry.value ?? 'null')).toEqual({ apiKey: 'NEWKEY-5678', apiSecret: SECRET_2 });

    await expect(client.call('accounts.remove', { id: added.id })).resolves.toEqual({ removed: true });
    expect(await keychain.read('binance:spot')).toEqual({ ok: true, value: null });
    expect(await client.call('accounts.list', {})).toEqual([]);
    await expect(client.call('accounts.remove', { id: added.id })).rejects.toMatchObject({ code: 'not_found' });

    const actions = (await client.call('audit.list', {})).map((e) => e.action).reverse();
    expect(actions).toEqual(['account_added', 'credentials_replaced', 'account_removed']);
    await expect(client.call('audit.verify', {})).resolves.toEqual({ ok: true, checked: 3, problem: null });
    await close();
    for (const secret of [SECRET, SECRET_2, PASSPHRASE]) expect(filesContaining(dataDir, secret)).toEqual([]);
  });

  it('writes every emergency stop and re-arm to the audit log, with who triggered it, and keeps HALTED across a restart', async () => {
    const first = await start();
    await first.client.call('risk.emergencyStop', { source: 'shortcut', reason: 'exchange outage' });
    await first.client.call('risk.emergencyStop', { source: 'button' });
    await first.close();

    const terminal = await Terminal.create({ dataDir: first.dataDir, keychainService: first.keychain.service, tickMs: 1_000 });
    cleanups.push(() => terminal.close());
    expect((await terminal.handlers['app.status']({})).halt).toMatchObject({ halted: true, source: 'shortcut', reason: 'exchange outage' });
    await terminal.handlers['risk.rearm']({ confirm: true });
    // Other services add their own entries (e.g. the cancel results); the stop and the re-arm are each recorded once.
    const entries = (await terminal.handlers['audit.list']({ limit: 50, category: 'emergency_stop' })).reverse().filter((e) => e.action === 'halt' || e.action === 'rearm');
    expect(entries.map((e) => [e.category, e.action, e.source, e.detail.reason ?? e.detail.haltReason])).toEqual([
      ['emergency_stop', 'halt', 'shortcut', 'exchange outage'],
      ['emergency_stop', 'rearm', 'user', 'exchange outage'],
    ]);
    await expect(terminal.handlers['audit.verify']({})).resolves.toMatchObject({ ok: true, problem: null });
  });
});
