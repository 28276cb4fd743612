/**
 * Regenerates the README's screenshot (assets/screenshot.png) from a real session: `serve` on the
 * simulated market, a few manual paper trades, indicators on. Run: test/with-keyring.sh npx tsx test/e2e/workspace-screenshot.ts
 */
import { join } from 'node:path';
import { launchBrowser, removeDir, repoRoot, startServe } from './harness.js';

const app = await startServe({ args: ['--speed', '30'] });
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.goto(app.url);
  await page.getByRole('region', { name: 'Watchlist' }).getByRole('row').nth(1).waitFor();
  const ticket = page.getByRole('region', { name: 'Order ticket' });
  const buy = async (symbol: string, amount: string) => {
    await page.getByRole('button', { name: `Show ${symbol}` }).click();
    await ticket.getByRole('radio', { name: 'Market' }).check();
    await ticket.getByLabel('Amount').fill(amount);
    await ticket.getByRole('button', { name: `Buy ${symbol.split('/')[0]}` }).click();
    await ticket.getByTestId('ticket-result').waitFor();
  };
  // A strategy running on paper: its readiness shows in the watchlist.
  await page.getByRole('tab', { name: /^Strategies/ }).click();
  await page.locator('[data-strategy="dca-grid"]').getByRole('button', { name: 'Run live…' }).click();
  const editor = page.getByRole('form', { name: 'New strategy' });
  await editor.getByLabel('Name').fill('dip-grid');
  for (const symbol of ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']) await editor.getByRole('group', { name: 'Symbols' }).getByLabel(symbol).check();
  await editor.getByLabel(/^Enabled/).check();
  await editor.getByRole('button', { name: 'Save strategy' }).click();
  await page.locator('tr[data-config="dip-grid"]').waitFor();
  await buy('ETH/USDT', '0.4');
  await buy('SOL/USDT', '5');
  await buy('BTC/USDT', '0.02');
  await page.waitForTimeout(2_000);
  // The last buy carries a bracket: take profit and stop loss become the position's exits.
  const lastPrice = Number((await page.getByTestId('ticker-last').textContent())!.replace(/[^\d.]/g, ''));
  await ticket.getByRole('button', { name: '+ Take profit / stop loss' }).click();
  await ticket.getByLabel('Take profit').fill((lastPrice * 1.004).toFixed(2));
  await ticket.getByLabel('Stop loss').fill((lastPrice * 0.996).toFixed(2));
  await buy('BTC/USDT', '0.01');
  // A resting limit order below the market, drawn as a line on the chart.
  await ticket.getByRole('radio', { name: 'Limit', exact: true }).check();
  await ticket.getByRole('button', { name: 'Last' }).click();
  const last = Number(await ticket.getByLabel('Price', { exact: true }).inputValue());
  await ticket.getByLabel('Price', { exact: true }).fill((last * 0.998).toFixed(2));
  await ticket.getByLabel('Amount').fill('0.01');
  await ticket.getByRole('button', { name: 'Buy BTC' }).click();
  await ticket.getByTestId('ticket-result').waitFor();
  await ticket.getByLabel('Amount').fill('');
  const chart = page.getByRole('region', { name: 'BTC/USDT chart' });
  await chart.getByRole('button', { name: 'Indicators' }).click();
  await chart.getByRole('checkbox', { name: 'EMA 20' }).check();
  await chart.getByRole('checkbox', { name: 'Bollinger 20, 2' }).check();
  await chart.getByRole('checkbox', { name: 'RSI 14' }).check();
  await page.keyboard.press('Escape');
  // A price alert above the market and a horizontal line the trader drew.
  const canvas = chart.getByTestId('chart');
  const box = (await canvas.boundingBox())!;
  await canvas.click({ button: 'right', position: { x: box.width * 0.55, y: box.height * 0.2 } });
  const alertForm = chart.getByRole('form', { name: 'Price alert' });
  await alertForm.getByLabel('Condition').selectOption('above');
  await alertForm.getByRole('button', { name: 'Create alert' }).click();
  await alertForm.getByRole('status').waitFor();
  await chart.getByRole('button', { name: 'Close price alerts' }).click();
  await chart.getByRole('button', { name: /^Drawings \(/ }).click();
  await chart.getByRole('group', { name: 'Drawing tools' }).getByRole('button', { name: 'Horizontal line' }).click();
  await canvas.click({ position: { x: box.width * 0.4, y: box.height * 0.62 } });
  await page.getByRole('tab', { name: /^Positions/ }).click();
  await page.mouse.move(0, 450); // no crosshair in the picture
  await page.waitForTimeout(4_000);
  await page.screenshot({ path: join(repoRoot, 'assets', 'screenshot.png') });
  process.stdout.write('saved assets/screenshot.png\n');
} finally {
  await browser.close();
  await app.stop();
  await removeDir(app.dataDir);
}
