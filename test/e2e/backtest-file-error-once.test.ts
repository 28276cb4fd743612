import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetApp, launchBrowser, openApp, removeDir, startServe, tempDataDir, type ServedApp } from './harness.js';
import { strategyFileSource } from './strategy-file.js';
import { backtestForm } from './workspace-page.js';

const LOAD_ERROR = 'broken.ts failed in load: line 5: Expected identifier but found ","';

describe('a strategy file that cannot be read, backtested the way a trader tries it in Chromium', () => {
  it('says why once, under Parameters where its form would be, also after Run backtest is pressed', async () => {
    const dataDir = await tempDataDir();
    mkdirSync(join(dataDir, 'strategies'), { recursive: true });
    writeFileSync(join(dataDir, 'strategies', 'broken.ts'), strategyFileSource('broken', 'A stray comma', '() => []').replace("name: 'broken',", "name: 'broken',,"));
    let app: ServedApp | undefined;
    const browser = await launchBrowser();
    try {
      app = await startServe({ dataDir, args: ['--speed', '60'] });
      // The answers to backtest.run the page receives, read off its WebSocket (attached before it loads).
      const sent = new Set<number>();
      const refusals: string[] = [];
      const page = await openApp(browser, app, (opening) =>
        opening.on('websocket', (socket) => {
          socket.on('framesent', ({ payload }) => {
            const message = JSON.parse(String(payload)) as { type?: string; id?: number; name?: string };
            if (message.type === 'request' && message.name === 'backtest.run' && message.id !== undefined) sent.add(message.id);
          });
          socket.on('framereceived', ({ payload }) => {
            const message = JSON.parse(String(payload)) as { type?: string; id?: number; ok?: boolean; error?: { message?: string } };
            if (message.type === 'response' && message.ok === false && message.id !== undefined && sent.has(message.id)) refusals.push(message.error?.message ?? '');
          });
        }),
      );
      const form = await backtestForm(page, 'broken');
      const said = () => form.getByText(LOAD_ERROR).count();
      // Picking it reads it in its sandbox: where its parameter form would be, the reason there is none.
      await expect.poll(() => form.locator('.params-details').getByRole('alert').textContent()).toContain(LOAD_ERROR);
      expect(await said()).toBe(1);
      await form.getByRole('button', { name: 'Run backtest' }).click();
      // The run is refused for the same reason; once it is over, focus is back on Run backtest.
      await expect.poll(() => refusals).toEqual([expect.stringContaining(LOAD_ERROR)]);
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim() ?? null)).toBe('Run backtest');
      expect(await said()).toBe(1);
      expect(await form.locator('.params-details').getByRole('alert').textContent()).toContain(LOAD_ERROR);
    } finally {
      await browser.close();
      await app?.stop();
      if (app) await forgetApp(app);
      else await removeDir(dataDir);
    }
  });
});
