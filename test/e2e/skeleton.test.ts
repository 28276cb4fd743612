/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openApp, pageProblems, serveForSuite } from './harness.js';

describe('walking skeleton in Chromium', () => {
  const suite = serveForSuite({ args: ['--speed', '120'] });

  it('shows a live candlestick chart, a watchlist and a simulated-market status bar', async () => {
    const page = await openApp(suite.browser, suite.app);
    const chart = page.locator('[data-testid="chart"] canvas').first();
    await chart.waitFor();
    const watchlist = page.getByRole('region', { name: 'Watchlist' });
    for (const symbol of ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']) {
      await expect.poll(() => watchlist.getByRole('button', { name: `Show ${symbol}` }).count()).toBe(1);
    }
    const status = page.getByRole('contentinfo', { name: 'Status bar' });
    await expect.poll(() => status.getByTestId('data-source').textContent()).toMatch(/simulated/i);
    await expect.poll(() => status.getByTestId('mode').textContent()).toBe('PAPER');
    await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.textContent?.startsWith('connected'));

    // The last price keeps moving: at speed 120 a new minute closes every half second.
    const btcLast = watchlist.locator('tr[data-symbol="BTC/USDT"] [data-testid="last-price"]');
    const first = await btcLast.textContent();
    await page.waitForFunction(
      (previous) => document.querySelector('tr[data-symbol="BTC/USDT"] [data-testid="last-price"]')?.textContent !== previous,
      first,
      { timeout: 15_000 },
    );
    // And the chart canvas repaints with new candles.
    const before = await chart.screenshot();
    await page.waitForTimeout(1_500);
    const after = await chart.screenshot();
    expect(Buffer.compare(before, after)).not.toBe(0);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('asks for the chart\'s history first thing, once, on the page\'s one socket — for the market the trader last chose', async () => {
    type Request = { id?: number; name?: string; args?: { symbol?: string; limit?: number } };
    const sockets: { sent: Request[] }[] = [];
    const page = await openApp(suite.browser, suite.app, (opening) =>
      opening.on('websocket', (socket) => {
        // The page's first socket carries the history request in its address (answered as request 0).
        const inAddress = new URL(socket.url()).searchParams.get('history');
        const record: { sent: Request[] } = { sent: inAddress === null ? [] : [{ id: 0, name: 'market.history', args: JSON.parse(inAddress) as Request['args'] }] };
        sockets.push(record);
        socket.on('framesent', ({ payload }) => record.sent.push(JSON.parse(payload.toString()) as Request));
      }),
    );
    const firstRequests = () => sockets.map((socket) => socket.sent[0] && `${socket.sent[0].name} ${socket.sent[0].args?.symbol} ${socket.sent[0].args?.limit}`);
    const historyAsked = () => sockets.flatMap((socket) => socket.sent).filter((frame) => frame.name === 'market.history' && frame.args?.limit === 5_000).length;
    await page.getByTestId('chart-legend').locator('time').waitFor();
    expect(firstRequests()).toEqual(['market.history BTC/USDT 5000']);
    expect(historyAsked()).toBe(1);
    // Another market chosen, then a reload: the page's first request is that market's history.
    await page.getByRole('button', { name: 'Show ETH/USDT' }).click();
    await page.getByRole('region', { name: 'ETH/USDT chart' }).getByTestId('chart-legend').locator('time').waitFor();
    sockets.length = 0;
    await page.reload();
    await page.getByRole('region', { name: 'ETH/USDT chart' }).getByTestId('chart-legend').locator('time').waitFor();
    await page.getByRole('region', { name: 'Watchlist' }).getByRole('row').nth(1).waitFor();
    expect(firstRequests()).toEqual(['market.history ETH/USDT 5000']);
    expect(historyAsked()).toBe(1);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('switches the chart when a watchlist row is clicked', async () => {
    const page = await openApp(suite.browser, suite.app);
    await page.getByRole('region', { name: 'BTC/USDT chart' }).waitFor();
    await page.getByRole('button', { name: 'Show ETH/USDT' }).click();
    await page.getByRole('region', { name: 'ETH/USDT chart' }).waitFor();
    await expect.poll(() => page.locator('tr[data-symbol="ETH/USDT"]').getAttribute('aria-selected')).toBe('true');
    await page.close();
  });

  it('Emergency Stop turns the app HALTED everywhere until re-armed', async () => {
    const page = await openApp(suite.browser, suite.app);
    const other = await openApp(suite.browser, suite.app);
    await page.getByRole('button', { name: 'Emergency Stop' }).click();
    await page.getByTestId('halted-banner').waitFor();
    // Every open window learns it from the core, not from local state.
    await other.getByTestId('halted-badge').waitFor();
    await page.reload();
    await page.getByTestId('halted-banner').waitFor();
    await page.getByRole('button', { name: 'Re-arm…' }).click();
    await page.getByRole('button', { name: 'Confirm re-arm' }).click();
    await page.getByTestId('halted-banner').waitFor({ state: 'detached' });
    await other.getByTestId('halted-badge').waitFor({ state: 'detached' });
    await page.close();
    await other.close();
  });

  it('refuses a WebSocket without the token, or with a wrong one', async () => {
    const attempt = (query: string) =>
      new Promise<string>((resolveAttempt) => {
        const ws = new WebSocket(`${suite.app.origin.replace('http', 'ws')}/api${query}`);
        ws.on('open', () => {
          ws.close();
          resolveAttempt('open');
        });
        ws.on('unexpected-response', (_request, response) => resolveAttempt(`http ${response.statusCode}`));
        ws.on('error', () => resolveAttempt('error'));
      });
    await expect(attempt('')).resolves.toBe('http 401');
    await expect(attempt('?token=wrong')).resolves.toBe('http 401');
    await expect(attempt(`?token=${suite.app.token}`)).resolves.toBe('open');
  });
});
