import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { coreApi, openApp, pageProblems, serveForSuite } from './harness.js';
import { riskConfigForm, roundTrip, ticket } from './workspace-page.js';

/**
 * Risk tab → Cooldowns and breaker, as a trader goes: the stop-loss and trade cooldowns and the
 * breaker's trading day are read from the core, saved through it (its schema decides), audited, kept
 * over a reload and applied to the next entry; a value the core refuses is named beside its field,
 * with what was typed still there.
 */
const suite = serveForSuite({ args: ['--speed', '120'] });

const openCooldowns = (page: Page) => riskConfigForm(page, 'Cooldowns and breaker', 'Trade cooldown (minutes)');

const field = (form: Locator, label: string) => form.getByLabel(label, { exact: true });
const save = (form: Locator) => form.getByRole('button', { name: 'Save cooldowns' }).click();

/** The error shown beside a field (the last description the input points to), once it is marked invalid. */
async function errorBeside(page: Page, form: Locator, label: string): Promise<string | null> {
  const input = field(form, label);
  await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(' ');
  return page.locator(`[id="${ids[ids.length - 1]}"]`).textContent();
}

async function storedConfig(): Promise<Record<string, unknown>> {
  const api = await coreApi(suite.app);
  try {
    return await api.call('risk.config.get', {});
  } finally {
    api.close();
  }
}

const STOPS = 'Stop-losses before a cooldown';
const LARGE = 'Cooldown after stop-losses, large tier (hours)';
const MEME = 'Cooldown after stop-losses, meme tier (hours)';
const TRADE = 'Trade cooldown (minutes)';
const ZONE = 'Trading day time zone';

describe('Risk tab → Cooldowns and breaker (Chromium)', () => {
  it('puts the core’s refusal beside each bad field, keeps what was typed and saves nothing', async () => {
    const page = await openApp(suite.browser, suite.app);
    const form = await openCooldowns(page);
    expect([await field(form, STOPS).inputValue(), await field(form, LARGE).inputValue(), await field(form, TRADE).inputValue(), await field(form, ZONE).inputValue()]).toEqual(['3', '4', '15', 'UTC']);

    // The format is checked before anything is sent.
    await field(form, TRADE).fill('1,5');
    await save(form);
    expect(await errorBeside(page, form, TRADE)).toBe('Trade cooldown (minutes) must be a number, like 12');

    // What is allowed is the core's to say: these reach it and come back refused, each beside its field.
    await field(form, TRADE).fill('45');
    await field(form, STOPS).fill('0');
    await field(form, ZONE).fill('Mars/Base');
    await field(form, LARGE).fill('-2');
    await save(form);
    expect(await errorBeside(page, form, STOPS)).toMatch(/^Stop-losses before a cooldown was refused by the core: .*1/);
    expect(await errorBeside(page, form, ZONE)).toBe('Trading day time zone was refused by the core: must be a time zone name such as UTC or Europe/Berlin');
    expect(await errorBeside(page, form, LARGE)).toMatch(/^Cooldown after stop-losses, large tier \(hours\) was refused by the core: .*0/);
    expect(await field(form, TRADE).getAttribute('aria-invalid')).toBe('false');
    // The first field to fix has the focus; the typed values are all still there.
    expect(await field(form, STOPS).evaluate((input) => input === input.ownerDocument.activeElement)).toBe(true);
    expect([await field(form, STOPS).inputValue(), await field(form, ZONE).inputValue(), await field(form, LARGE).inputValue(), await field(form, TRADE).inputValue()]).toEqual(['0', 'Mars/Base', '-2', '45']);
    expect(await form.getByTestId('risk-cooldowns-saved').count()).toBe(0);
    expect(await form.getByRole('alert').filter({ hasText: 'were not saved' }).count()).toBe(0);

    // Nothing was stored, not even the good trade cooldown typed beside the bad values.
    expect(await storedConfig()).toMatchObject({ tradeCooldownMinutes: 15, stopCooldown: { stops: 3, hoursByTier: { large: 4 } }, breaker: { timeZone: 'UTC' } });
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('saves cooldowns and the trading day through the core, keeps the limits, audits it and shows it after a reload', async () => {
    const page = await openApp(suite.browser, suite.app);
    let form = await openCooldowns(page);
    const before = await storedConfig();
    const good: Record<string, string> = { [STOPS]: '2', [LARGE]: '6', [MEME]: '48', [TRADE]: '30', [ZONE]: 'Europe/Berlin' };
    for (const [label, value] of Object.entries(good)) await field(form, label).fill(value);
    await save(form);
    await expect.poll(() => form.getByTestId('risk-cooldowns-saved').textContent()).toMatch(/Cooldowns saved/);

    // The core answers them; every other setting is as it was.
    const stored = await storedConfig();
    expect(stored).toMatchObject({ tradeCooldownMinutes: 30, stopCooldown: { stops: 2, hoursByTier: { large: 6, mid: 6, small: 12, meme: 48 } }, breaker: { timeZone: 'Europe/Berlin' } });
    expect({ ...stored, tradeCooldownMinutes: undefined, stopCooldown: undefined, breaker: undefined }).toEqual({ ...before, tradeCooldownMinutes: undefined, stopCooldown: undefined, breaker: undefined });
    expect((stored.breaker as { dailyLossPct: number }).dailyLossPct).toBe((before.breaker as { dailyLossPct: number }).dailyLossPct);

    await page.reload();
    form = await openCooldowns(page);
    for (const [label, value] of Object.entries(good)) expect(await field(form, label).inputValue(), label).toBe(value);
    await expect.poll(() => page.getByRole('table', { name: 'Audit entries' }).getByRole('rowheader').allTextContents()).toContain('risk_config');
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('applies a saved trade cooldown to the next entry after a closed position', async () => {
    const page = await openApp(suite.browser, suite.app);
    const form = await openCooldowns(page);
    await field(form, TRADE).fill('90');
    await save(form);
    await expect.poll(() => form.getByTestId('risk-cooldowns-saved').count()).toBe(1);

    await page.getByRole('region', { name: 'BTC/USDT chart' }).waitFor();
    await roundTrip(page, 'BTC', '0.02');

    // The same owner enters again at once: refused with the cooldown's own words and the saved 90 minutes.
    const entry = ticket(page);
    await entry.getByLabel('Amount').fill('0.02');
    await entry.getByRole('button', { name: 'Buy BTC' }).click();
    await expect.poll(() => entry.textContent()).toMatch(/trade cooldown: \S+ closed a position on BTC\/USDT; it may enter again 1 h 30 min later/);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});
