import { randomUUID } from 'node:crypto';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Keychain } from '../../core/secrets/keychain.js';
import { alertsIn, besideField } from './form-page.js';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { accountMode, addStubAccount, binanceStubForSuite, saveRiskLimits, screens } from './live-account-page.js';

/**
 * Settings → Accounts → Replace keys (and Arm live…), as a trader rotating a key goes: keys typed for one account and
 * cancelled are not waiting in another account's form; an armed account's keys cannot be swapped under
 * it (the row would show a key that is not the one trading, and the new key would skip arming's checks),
 * so the trader disarms, replaces, and arms again — and arming then checks the new key with the venue
 * (the loopback Binance stub, which knows only its own key).
 */
const suite = serveForSuite();
const ROTATED_KEY = `rotated-${randomUUID()}-9999`;
const ROTATED_SECRET = `rotated-SECRET-${randomUUID()}`;
const SPARE_KEY = `spare-${randomUUID()}-5555`;
const SPARE_SECRET = `spare-SECRET-${randomUUID()}`;
const venue = binanceStubForSuite(suite, ['binance:desk', 'binance:spare', 'binance:typed']);

const field = (scope: Locator, label: string) => scope.getByLabel(label, { exact: true });

async function typedKeys(row: Locator): Promise<[string, string]> {
  return [await field(row, 'API key').inputValue(), await field(row, 'API secret').inputValue()];
}

describe('Settings → Accounts → Replace keys (Chromium, loopback Binance stub)', () => {
  it('forgets cancelled keys and a cancelled arming label, refuses to swap an armed account’s keys, and checks the new key when the account is armed again', async () => {
    // Every frame the page receives, from the first.
    const received: string[] = [];
    const page = await openApp(suite.browser, suite.app, (opened) => opened.on('websocket', (socket) => socket.on('framereceived', (frame) => received.push(String(frame.payload)))));
    const keychain = new Keychain(suite.app.keychainService, { timeoutMs: 20_000 });

    // Arming needs saved limits: the defaults are saved.
    await saveRiskLimits(page);
    const { stub } = venue;
    const desk = await addStubAccount(page, stub, 'desk');
    const spare = await addStubAccount(page, stub, 'spare', { keys: { apiKey: SPARE_KEY, apiSecret: SPARE_SECRET } });
    const note = page.getByRole('region', { name: 'Accounts', exact: true }).locator('p[role="alert"], p[role="status"]');

    // Keys typed for "spare", then cancelled, are in no form afterwards: not in "desk"'s, not in "spare"'s again.
    await spare.getByRole('button', { name: 'Replace keys' }).click();
    await field(spare, 'API key').fill(ROTATED_KEY);
    await field(spare, 'API secret').fill(ROTATED_SECRET);
    await spare.getByRole('button', { name: 'Cancel' }).click();
    await desk.getByRole('button', { name: 'Replace keys' }).click();
    expect(await typedKeys(desk)).toEqual(['', '']);
    await desk.getByRole('button', { name: 'Cancel' }).click();
    await spare.getByRole('button', { name: 'Replace keys' }).click();
    expect(await typedKeys(spare)).toEqual(['', '']);
    await spare.getByRole('button', { name: 'Cancel' }).click();

    // Backing out of arming forgets the typed label: arming later takes typing it again, not one click.
    await desk.getByRole('button', { name: 'Arm live…' }).click();
    await field(desk, 'Type “desk” to trade it live').fill('desk');
    await desk.getByRole('button', { name: 'Cancel' }).click();
    await desk.getByRole('button', { name: 'Arm live…' }).click();
    expect(await field(desk, 'Type “desk” to trade it live').inputValue()).toBe('');
    expect(await desk.getByRole('button', { name: 'Arm live trading' }).isDisabled()).toBe(true);
    await field(desk, 'Type “desk” to trade it live').fill('desk');
    // A key that can withdraw is refused; once fixed, the next attempt (slow: the venue answers 5xx twice first)
    // does not keep showing the old refusal while it runs.
    stub.withdrawalsEnabled = true;
    await desk.getByRole('button', { name: 'Arm live trading' }).click();
    await expect.poll(() => note.textContent()).toMatch(/^this binance key allows withdrawals/);
    stub.withdrawalsEnabled = false;
    stub.fault({ path: '/api/v3/account', kind: 'server_error', times: 2 });
    await desk.getByRole('button', { name: 'Arm live trading' }).click();
    const armingWithoutOldNote = async () => (await desk.locator('button[disabled]', { hasText: 'Arm live trading' }).count()) === 1 && (await note.count()) === 0;
    await expect.poll(armingWithoutOldNote).toBe(true);
    await expect.poll(() => accountMode(desk)).toBe('LIVE');
    expect(await note.textContent()).toBe('desk is LIVE: orders from now on use real money.');

    // Armed: the keys are not swapped under the live connection; the row keeps showing the key that trades.
    await desk.getByRole('button', { name: 'Replace keys' }).click();
    await field(desk, 'API key').fill(ROTATED_KEY);
    await field(desk, 'API secret').fill(ROTATED_SECRET);
    await desk.getByRole('button', { name: 'Save keys' }).click();
    await expect.poll(() => note.textContent()).toBe(
      'binance:desk is armed for live trading: disarm it before replacing its keys, then arm it again (arming checks the new key with binance)',
    );
    expect(await desk.getByTestId('masked-key').textContent()).toBe(`••••${stub.apiKey.slice(-4)}`);
    expect(await accountMode(desk)).toBe('LIVE');
    const kept = await keychain.read('binance:desk');
    expect(kept.ok && JSON.parse(kept.value ?? '{}')).toMatchObject({ apiKey: stub.apiKey, apiSecret: stub.secret });
    // Nothing typed is lost: the keys are still in the form for after the disarm.
    expect(await typedKeys(desk)).toEqual([ROTATED_KEY, ROTATED_SECRET]);

    await desk.getByRole('button', { name: 'Disarm (back to paper)' }).click();
    await expect.poll(() => accountMode(desk)).toBe('PAPER');
    await desk.getByRole('button', { name: 'Save keys' }).click();
    await expect.poll(() => note.textContent()).toBe('Keys replaced.');
    await expect.poll(() => desk.getByTestId('masked-key').textContent()).toBe('••••9999');

    // Arming again checks the new key with the venue, which does not know it: refused, still on paper, nothing sent.
    await desk.getByRole('button', { name: 'Arm live…' }).click();
    await field(desk, 'Type “desk” to trade it live').fill('desk');
    await desk.getByRole('button', { name: 'Arm live trading' }).click();
    await expect.poll(() => note.textContent()).toMatch(/^binance refused the key: .*-2015/);
    expect(await accountMode(desk)).toBe('PAPER');
    expect(stub.requestsTo('POST', '/api/v3/order')).toHaveLength(0);

    const html = await page.content();
    for (const secret of [ROTATED_KEY, ROTATED_SECRET, SPARE_KEY, SPARE_SECRET, stub.secret]) {
      expect(html).not.toContain(secret);
      expect(received.filter((frame) => frame.includes(secret))).toEqual([]);
      expect(suite.app.output()).not.toContain(secret);
    }
    expect(received.length).toBeGreaterThan(10);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('names a bad label, API key, secret or base URL beside its field, once, keeping what was typed (Add account and Replace keys)', async () => {
    const page = await openApp(suite.browser, suite.app);
    await screens(page, 'Settings');
    const panel = page.getByRole('region', { name: 'Accounts', exact: true });
    const form = panel.getByRole('form', { name: 'Add exchange account' });
    const longSecret = `pasted-twice-${'S'.repeat(600)}`;
    const typed = { Exchange: 'binance', Label: '   ', 'API key': '', 'API secret': longSecret, 'REST base URL': 'http://192.168.1.20:8080' };
    for (const [label, value] of Object.entries(typed)) await field(form, label).fill(value);
    await form.getByRole('button', { name: 'Add account' }).click();

    // Each beside its field (a blank label is one message, not also the characters it lacks); nothing under the form.
    await expect.poll(() => besideField(form, 'Label')).toBe('label is required');
    expect(await besideField(form, 'API key')).toBe('API key is required');
    expect(await besideField(form, 'API secret')).toBe('must be at most 512 characters');
    expect(await besideField(form, 'REST base URL')).toBe('may use http:// only for a venue on this machine (127.0.0.1, localhost, [::1]); use https:// for 192.168.1.20');
    expect(await besideField(form, 'Exchange')).toBeNull();
    expect(await alertsIn(panel)).toHaveLength(4);
    for (const [label, value] of Object.entries(typed)) expect(await field(form, label).inputValue()).toBe(value);

    // Corrected, it is added, and nothing is said beside any field any more.
    const { stub } = venue;
    await field(form, 'Label').fill('typed');
    await field(form, 'API key').fill(stub.apiKey);
    await field(form, 'API secret').fill(stub.secret);
    await field(form, 'REST base URL').fill(stub.url);
    await form.getByRole('button', { name: 'Add account' }).click();
    const row = panel.locator('tr[data-account="binance:typed"]');
    await row.waitFor();
    expect(await alertsIn(panel)).toEqual([]);

    // Replace keys: a blank secret is named beside that row's API secret; the key typed stays.
    await row.getByRole('button', { name: 'Replace keys' }).click();
    await field(row, 'API key').fill(ROTATED_KEY);
    await field(row, 'API secret').fill('  ');
    await row.getByRole('button', { name: 'Save keys' }).click();
    await expect.poll(() => besideField(row, 'API secret')).toBe('API secret is required');
    expect(await alertsIn(panel)).toEqual(['API secret is required']);
    expect(await typedKeys(row)).toEqual([ROTATED_KEY, '  ']);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});
