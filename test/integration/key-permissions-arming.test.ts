import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../core/api/errors.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { startKrakenStub, type KrakenStub } from '../stubs/kraken-stub.js';
import { keychainTerminal } from '../helpers/keychain-terminal.js';

/**
 * "Permissions unknown": Kraken's API has no endpoint that says what a key may do, so Halyard cannot
 * refuse a key that can withdraw there; the account says so, and only the typed label arms it.
 * Binance reports the key's restrictions: checked at arming (a withdrawing key is refused, live-arming.test.ts).
 */
const terminals = keychainTerminal('halyard-key-permissions-', ['kraken:swing', 'binance:spot']);
const { connect } = terminals;
let kraken: KrakenStub;
let binance: BinanceStub;

beforeAll(async () => {
  kraken = await startKrakenStub();
  binance = await startBinanceStub();
});
afterAll(async () => {
  await kraken.close();
  await binance.close();
});

describe('arming an account whose exchange does not report key permissions', () => {
  it('names the account "permissions unknown", arms it only with the typed label, and marks a Binance account checked', async () => {
    const api = await connect();
    await api.call('risk.config.set', { config: await api.call('risk.config.get', {}) });
    const swing = await api.call('accounts.add', { exchange: 'kraken', label: 'swing', apiKey: kraken.apiKey, apiSecret: kraken.secret, baseUrl: kraken.url });
    const spot = await api.call('accounts.add', { exchange: 'binance', label: 'spot', apiKey: binance.apiKey, apiSecret: binance.secret, baseUrl: binance.url });
    expect(swing.keyPermissions).toBe('unknown');
    expect(spot.keyPermissions).toBe('checked');

    const untyped = await api.call('accounts.arm', { id: swing.id, confirmLabel: '' }).catch((e: unknown) => e as ApiError);
    expect((untyped as ApiError).message).toMatch(/type the account label "swing" exactly/);
    const armed = await api.call('accounts.arm', { id: swing.id, confirmLabel: 'swing' });
    expect(armed).toMatchObject({ mode: 'live', keyPermissions: 'unknown' });
    // Nothing at Kraken was asked about the key's permissions: there is no such endpoint to ask.
    expect(kraken.requests.map((r) => r.path)).not.toContain('/0/private/GetApiKeyInfo');
    const audit = terminals.terminal.storage.store.audit.list({ limit: 20, category: 'mode' }).find((e) => e.action === 'armed');
    expect(JSON.stringify(audit?.detail)).toMatch(/unknown/);
    await api.call('accounts.disarm', { id: swing.id });
  });
});
