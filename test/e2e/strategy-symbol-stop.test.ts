import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetApp, launchBrowser, openApp, removeDir, startServe, tempDataDir, type ServedApp } from './harness.js';
import { saveFileConfiguration, strategyFileSource } from './strategy-file.js';

/** A trader's file that throws on every BTC/USDT bar and decides nothing, quietly, on other symbols. */
const PICKY = strategyFileSource('picky', 'Throws on BTC', "(ctx: { symbol: string }) => { if (ctx.symbol === 'BTC/USDT') throw new Error('no BTC today'); return []; }");

describe('a configuration stopped on one of its symbols, the way a trader reads its row in Chromium', () => {
  it('says it is running and which symbol stopped and why, not "error:" as if it had stopped', async () => {
    const dataDir = await tempDataDir();
    mkdirSync(join(dataDir, 'strategies'), { recursive: true });
    writeFileSync(join(dataDir, 'strategies', 'picky.ts'), PICKY);
    let app: ServedApp | undefined;
    const browser = await launchBrowser();
    try {
      app = await startServe({ dataDir, args: ['--speed', '120'] });
      const page = await openApp(browser, app);
      const state = await saveFileConfiguration(page, 'picky', 'two-coins', ['BTC/USDT', 'ETH/USDT']);
      await expect
        .poll(() => state.textContent(), { timeout: 60_000 })
        .toMatch(/^running · BTC\/USDT stopped: strategy picky on BTC\/USDT failed in onCandle: no BTC today \(at picky\.ts:\d+\)$/);
    } finally {
      await browser.close();
      await app?.stop();
      if (app) await forgetApp(app);
      else await removeDir(dataDir);
    }
  });
});
