import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { keychainTerminal } from '../helpers/keychain-terminal.js';

/**
 * Credential changes that arrive together — *Add account* clicked twice while the keychain is still
 * writing, or two windows — keep the keychain and the account list in agreement: the account that was
 * added keeps its key (it arms), and a removed account leaves no secret behind. Real keychain and
 * encrypted store: run under test/with-keyring.sh.
 */
const { connect, keychain } = keychainTerminal('halyard-add-twice-', ['binance:main', 'binance:spare']);
let stub: BinanceStub;

beforeAll(async () => {
  stub = await startBinanceStub();
});
afterAll(async () => {
  await stub.close();
});

/** 'done', or the refusal's message. */
const outcome = (call: Promise<unknown>) => call.then(() => 'done', (error: Error) => error.message);

describe('credential changes that arrive together', () => {
  it('an account added twice at once is added once and keeps its key: it arms', async () => {
    const api = await connect();
    const add = () => api.call('accounts.add', { exchange: 'binance', label: 'main', apiKey: stub.apiKey, apiSecret: stub.secret, baseUrl: stub.url });
    const results = await Promise.all([outcome(add()), outcome(add())]);
    expect(results.sort()).toEqual(['An account "main" on binance already exists', 'done']);
    const [account] = await api.call('accounts.list', {});
    expect(account).toMatchObject({ label: 'main', hasKey: true });
    // The key the list shows is the one in the keychain: arming reads it and the exchange accepts it.
    expect(await keychain.read('binance:main')).toMatchObject({ ok: true, value: expect.stringContaining(stub.secret) });
    await api.call('risk.config.set', { config: await api.call('risk.config.get', {}) });
    await expect(api.call('accounts.arm', { id: account!.id, confirmLabel: 'main' })).resolves.toMatchObject({ mode: 'live' });
    await api.call('accounts.disarm', { id: account!.id });
  });

  it('an account removed while its keys are replaced leaves no secret in the keychain', async () => {
    const api = await connect();
    const spare = await api.call('accounts.add', { exchange: 'binance', label: 'spare', apiKey: 'spare-key-0001', apiSecret: 'spare-secret-0001' });
    const [removed, replaced] = await Promise.all([
      outcome(api.call('accounts.remove', { id: spare.id })),
      outcome(api.call('accounts.replaceCredentials', { id: spare.id, apiKey: 'spare-key-0002', apiSecret: 'spare-secret-0002' })),
    ]);
    expect(removed).toBe('done');
    expect(replaced).toBe(`There is no account with id ${spare.id}`);
    expect((await api.call('accounts.list', {})).map((a) => a.label)).not.toContain('spare');
    expect(await keychain.read('binance:spare')).toEqual({ ok: true, value: null });
  });
});
