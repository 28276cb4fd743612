import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetApp, launchBrowser, openApp, removeDir, startServe, tempDataDir, type ServedApp } from './harness.js';
import { saveFileConfiguration, strategyFileSource } from './strategy-file.js';

/** A trader's file that throws on its first bar only, then goes on deciding (nothing) every bar. */
const BLIP = strategyFileSource('blip', 'Throws once', "(() => { let calls = 0; return () => { calls += 1; if (calls === 1) throw new Error('one bad bar'); return []; }; })()");

describe('a strategy that recovers from one error, the way a trader reads its row in Chromium', () => {
  it('says it is running, with its last error and when, not "error:" as if it had stopped', async () => {
    const dataDir = await tempDataDir();
    mkdirSync(join(dataDir, 'strategies'), { recursive: true });
    writeFileSync(join(dataDir, 'strategies', 'blip.ts'), BLIP);
    let app: ServedApp | undefined;
    const browser = await launchBrowser();
    try {
      app = await startServe({ dataDir, args: ['--speed', '120'] });
      const page = await openApp(browser, app);
      const state = await saveFileConfiguration(page, 'blip', 'blippy');
      await expect
        .poll(() => state.textContent(), { timeout: 60_000 })
        .toMatch(/^running · last error \d\d:\d\d:\d\d UTC: strategy blip on BTC\/USDT failed in onCandle: one bad bar \(at blip\.ts:\d+\)$/);
    } finally {
      await browser.close();
      await app?.stop();
      if (app) await forgetApp(app);
      else await removeDir(dataDir);
    }
  });
});
