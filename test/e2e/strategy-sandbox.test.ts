import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetApp, launchBrowser, openApp, removeDir, startServe, tempDataDir, type ServedApp } from './harness.js';
import { saveFileConfiguration, strategyFileSource } from './strategy-file.js';
import { showTab, tab, tabPanel } from './workspace-page.js';

/** A trader's file that declares a parameter, then spins forever on its first bar. */
const LOOPER = strategyFileSource('looper', 'Never returns from onCandle', '() => { for (;;) {} }');

describe('a hostile strategy file, the way a trader runs it in Chromium', () => {
  it('shows its parameter form once picked, then stops it with the reason in the Strategies tab and the events feed', async () => {
    const dataDir = await tempDataDir();
    mkdirSync(join(dataDir, 'strategies'), { recursive: true });
    writeFileSync(join(dataDir, 'strategies', 'looper.ts'), LOOPER);
    writeFileSync(join(dataDir, 'strategies', 'broken.ts'), strategyFileSource('broken', 'A stray comma', '() => []').replace("name: 'broken',", "name: 'broken',,"));
    let app: ServedApp | undefined;
    const browser = await launchBrowser();
    try {
      app = await startServe({ dataDir, args: ['--speed', '120'] });
      const page = await openApp(browser, app);
      await tab(page, 'Strategies').click();
      // A file with a syntax error: picking it says so, naming the file and line.
      await page.locator('[data-strategy="broken"]').getByRole('button', { name: 'Run live…' }).click();
      const editor = page.getByRole('form', { name: 'New strategy' });
      await expect.poll(() => editor.getByRole('alert').allTextContents()).toContainEqual(expect.stringContaining('broken.ts failed in load: line 5: Expected identifier but found ","'));
      // Run live… on another strategy while that form is open: the form is the new pick's.
      await page.locator('[data-strategy="looper"]').getByRole('button', { name: 'Run live…' }).click();
      await expect.poll(() => editor.getByLabel('Strategy').inputValue()).toBe('looper');
      // Picking it reads it in its sandbox: its own parameter form appears.
      await expect.poll(() => editor.getByLabel('Size', { exact: true }).inputValue()).toBe('1');
      await editor.getByLabel('Name').fill('loopy');
      await editor.getByRole('group', { name: 'Symbols' }).getByLabel('BTC/USDT').check();
      await editor.getByLabel(/^Enabled/).check();
      await editor.getByRole('button', { name: 'Save strategy' }).click();
      const config = tabPanel(page).locator('tr[data-config="loopy"]');
      await expect.poll(() => config.locator('td').nth(2).textContent(), { timeout: 60_000 }).toMatch(/^error: strategy looper on BTC\/USDT failed in onCandle: exceeded its 50 ms time budget in onCandle/);

      await showTab(page, 'Logs/Events');
      await expect.poll(() => tabPanel(page).locator('[data-kind="risk"]').allTextContents()).toContainEqual(expect.stringMatching(/strategy_stopped.*loopy: strategy looper on BTC\/USDT failed in onCandle: exceeded its 50 ms time budget/s));
      // The rest of the app still answers: the Emergency Stop halts at once.
      await page.keyboard.press('Control+Shift+X');
      await page.getByTestId('halted-banner').waitFor();
    } finally {
      await browser.close();
      await app?.stop();
      if (app) await forgetApp(app);
      else await removeDir(dataDir);
    }
  });

  it('says under a running configuration that its file was edited, until switched off and on to run the edit', async () => {
    const dataDir = await tempDataDir();
    const file = join(dataDir, 'strategies', 'steady.ts');
    mkdirSync(join(dataDir, 'strategies'), { recursive: true });
    writeFileSync(file, strategyFileSource('steady', 'Does nothing', '() => []'));
    let app: ServedApp | undefined;
    const browser = await launchBrowser();
    try {
      app = await startServe({ dataDir, args: ['--speed', '120'] });
      const page = await openApp(browser, app);
      const state = await saveFileConfiguration(page, 'steady', 'calm');
      await expect.poll(() => state.textContent(), { timeout: 60_000 }).toBe('running');
      writeFileSync(file, strategyFileSource('steady', 'Now it throws', "() => { throw new Error('edited'); }"));
      await expect.poll(() => state.textContent(), { timeout: 60_000 }).toBe('runningits file was edited or removed since it started: switch it off and on to run the file as it is now');
      const toggle = page.getByRole('switch', { name: 'Enable calm' });
      await toggle.uncheck();
      await expect.poll(() => state.textContent()).toBe('stopped');
      await toggle.check();
      await expect.poll(() => state.textContent(), { timeout: 60_000 }).toMatch(/^error: strategy steady on BTC\/USDT failed in onCandle: edited \(at steady\.ts:\d+\)$/);
    } finally {
      await browser.close();
      await app?.stop();
      if (app) await forgetApp(app);
      else await removeDir(dataDir);
    }
  });
});
