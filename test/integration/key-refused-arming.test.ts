import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { startBybitStub, type BybitStub } from '../stubs/bybit-stub.js';
import { startKrakenStub, type KrakenStub } from '../stubs/kraken-stub.js';
import { keychainTerminal } from '../helpers/keychain-terminal.js';

/**
 * A key typed wrong is refused at arming with words that name what to fix — the API key or the API
 * secret — beside the venue's own answer, on Binance (-2015 / -1022), Kraken (EAPI:Invalid key /
 * EAPI:Invalid signature) and Bybit (10003 / 10004), each stub answering as its venue documents.
 * The account stays on paper and keeps its keys for a Replace. Real keychain: test/with-keyring.sh.
 */
const { connect } = keychainTerminal('halyard-key-refused-', ['binance', 'kraken', 'bybit'].flatMap((exchange) => ['key', 'secret'].map((label) => `${exchange}:${label}`)));
let binance: BinanceStub;
let kraken: KrakenStub;
let bybit: BybitStub;

beforeAll(async () => {
  [binance, kraken, bybit] = await Promise.all([startBinanceStub(), startKrakenStub(), startBybitStub()]);
});
afterAll(async () => {
  await Promise.all([binance.close(), kraken.close(), bybit.close()]);
});

/** Adds `exchange:<label>` with one credential typed wrong and tries to arm it: the refusal's words. */
async function armRefused(api: ApiClient, exchange: 'binance' | 'kraken' | 'bybit', wrong: 'key' | 'secret'): Promise<string> {
  const stub = { binance, kraken, bybit }[exchange];
  const account = await api.call('accounts.add', {
    exchange,
    label: wrong,
    apiKey: wrong === 'key' ? `${stub.apiKey}-typo` : stub.apiKey,
    apiSecret: wrong === 'secret' ? `${stub.secret.slice(0, -2)}xx` : stub.secret,
    baseUrl: stub.url,
  });
  const refusal = await api.call('accounts.arm', { id: account.id, confirmLabel: wrong }).then(
    () => 'armed',
    (error: Error) => error.message,
  );
  const [after] = (await api.call('accounts.list', {})).filter((a) => a.id === account.id);
  expect(after).toMatchObject({ mode: 'paper', hasKey: true });
  return refusal;
}

describe('a key refused at arming names what to fix', () => {
  it('says which of API key or API secret is wrong on Binance, Kraken and Bybit', async () => {
    const api = await connect();
    await api.call('risk.config.set', { config: await api.call('risk.config.get', {}) });

    expect(await armRefused(api, 'binance', 'secret')).toMatch(/^binance refused the key: the API secret does not belong to this API key: .*\(binance .*-1022.*Signature for this request is not valid/);
    expect(await armRefused(api, 'binance', 'key')).toMatch(/^binance refused the key: the exchange refuses this API key from here: the key is wrong .*this computer’s IP is not on the key’s allow-list, or the key may not trade spot \(binance .*-2015/);
    expect(await armRefused(api, 'kraken', 'secret')).toMatch(/^kraken refused the key: the API secret does not belong to this API key: .*EAPI:Invalid signature/);
    expect(await armRefused(api, 'kraken', 'key')).toMatch(/^kraken refused the key: the API key is not one the exchange knows .*EAPI:Invalid key/);
    expect(await armRefused(api, 'bybit', 'secret')).toMatch(/^bybit refused the key: the API secret does not belong to this API key: .*10004/);
    expect(await armRefused(api, 'bybit', 'key')).toMatch(/^bybit refused the key: the API key is not one the exchange knows .*10003/);
  });
});
