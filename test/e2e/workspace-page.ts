import type { BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Page-object helpers for the workspace e2e tests (accessible names only, as a trader sees them). */
export function ticket(page: Page) {
  return page.getByRole('region', { name: 'Order ticket' });
}

/** Sends a limit buy from the ticket (`price` may be '' to leave the price empty); returns the ticket. */
export async function buyLimit(page: Page, base: string, price: string, amount: string): Promise<Locator> {
  const form = ticket(page);
  await form.getByRole('radio', { name: 'Limit', exact: true }).check();
  await form.getByLabel('Price', { exact: true }).fill(price);
  await form.getByLabel('Amount').fill(amount);
  await form.getByRole('button', { name: `Buy ${base}` }).click();
  return form;
}

/** Sends a stop-limit order from the ticket (`side` as its button reads: Buy or Sell); returns the ticket. */
export async function stopLimit(page: Page, side: 'Buy' | 'Sell', base: string, order: { stop: string; price: string; amount: string }): Promise<Locator> {
  const form = ticket(page);
  await form.getByRole('button', { name: side, exact: true }).click();
  await form.getByRole('radio', { name: 'Stop-limit' }).check();
  await form.getByLabel('Stop price', { exact: true }).fill(order.stop);
  await form.getByLabel('Price', { exact: true }).fill(order.price);
  await form.getByLabel('Amount').fill(order.amount);
  await form.getByRole('button', { name: `${side} ${base}` }).click();
  return form;
}

/** The symbol's chart once drawn, with the named indicators switched on from its toolbar menu. */
export async function chartWithIndicators(page: Page, symbol: string, indicators: readonly string[]): Promise<Locator> {
  const chart = page.getByRole('region', { name: `${symbol} chart` });
  await chart.locator('[data-testid="chart"] canvas').first().waitFor();
  await chart.getByRole('button', { name: 'Indicators' }).click();
  for (const name of indicators) await chart.getByRole('checkbox', { name }).check();
  await page.keyboard.press('Escape');
  return chart;
}

export function tab(page: Page, name: string) {
  return page.getByRole('tab', { name: new RegExp(`^${name}`) });
}

/** Shows a workspace tab: from the tab bar, or from its "More" menu when the dock is too narrow for every tab. */
export async function showTab(page: Page, name: string): Promise<void> {
  const inBar = tab(page, name);
  if ((await inBar.count()) > 0) return inBar.click();
  await page.getByRole('button', { name: /^More tabs/ }).click();
  await page.getByRole('group', { name: 'More tabs' }).getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await expect.poll(() => inBar.getAttribute('aria-selected')).toBe('true');
}

export function tabPanel(page: Page) {
  return page.getByRole('tabpanel');
}

/**
 * Grants notifications for the app's origin and records every `Notification` the page constructs,
 * so a test can see what the trader would have been shown. (A string script: this project's Node
 * typecheck has no DOM types.)
 */
export async function recordNotifications(context: BrowserContext, origin: string): Promise<void> {
  await context.grantPermissions(['notifications'], { origin });
  await context.addInitScript({
    content: `(() => {
      const Native = window.Notification;
      const seen = [];
      window.__notifications = seen;
      window.Notification = class extends Native {
        constructor(title, options) {
          super(title, options);
          seen.push({ title, body: (options && options.body) || '' });
        }
      };
    })();`,
  });
}

export async function notifications(page: Page): Promise<{ title: string; body: string }[]> {
  return page.evaluate<{ title: string; body: string }[]>('window.__notifications || []');
}

/** The id of the focused element. */
export async function focusedId(page: Page): Promise<string | null> {
  return page.evaluate<string | null>('document.activeElement ? document.activeElement.id : null');
}

export async function theme(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('data-theme');
}

/** Parses a displayed number such as "47,731.61", "▲ +12.40" or "▼ −1,234.50" (typographic minus too). */
export function shownNumber(text: string | null): number {
  return Number((text ?? '').replace(/[^0-9.\-−]/g, '').replace('−', '-'));
}

/** Buys `amount` of the charted symbol at market from the order ticket and waits for the core's answer. */
export async function buyAtMarket(page: Page, base: string, amount: string): Promise<void> {
  const form = ticket(page);
  await form.getByRole('radio', { name: 'Market' }).check();
  await form.getByLabel('Amount').fill(amount);
  await form.getByRole('button', { name: `Buy ${base}` }).click();
  await form.getByTestId('ticket-result').waitFor();
}

/** Buys `amount` of the charted symbol at market, then closes the position from its row in Positions and waits until it is gone. */
export async function roundTrip(page: Page, base: string, amount: string): Promise<void> {
  await buyAtMarket(page, base, amount);
  await tab(page, 'Positions').click();
  const position = tabPanel(page).locator(`tr[data-symbol="${base}/USDT"]`);
  await position.waitFor();
  await position.getByRole('button', { name: `Close ${base}/USDT` }).click();
  await position.waitFor({ state: 'detached', timeout: 20_000 });
}

/** Risk tab → one of its configuration forms, once loaded from risk.config.get (the field shows the stored value, not nothing). */
export async function riskConfigForm(page: Page, name: string, loadedLabel: string): Promise<Locator> {
  await tab(page, 'Risk').click();
  const form = page.getByRole('region', { name });
  await expect.poll(() => form.getByLabel(loadedLabel, { exact: true }).inputValue()).not.toBe('');
  return form;
}

/** Strategies tab → "Run live…" on a catalogue strategy: the new configuration's editor. */
export async function newStrategyEditor(page: Page, strategy: string) {
  await tab(page, 'Strategies').click();
  await page.locator(`[data-strategy="${strategy}"]`).getByRole('button', { name: 'Run live…' }).click();
  return page.getByRole('form', { name: 'New strategy' });
}

/** The New strategy form for `strategy` with a name, one symbol and the given parameters (by their exact labels) typed in. */
export async function draftStrategy(page: Page, strategy: string, name: string, symbol: string, params: Readonly<Record<string, string>> = {}): Promise<Locator> {
  const editor = await newStrategyEditor(page, strategy);
  await editor.getByLabel('Name').fill(name);
  await editor.getByRole('group', { name: 'Symbols' }).getByLabel(symbol).check();
  for (const [label, value] of Object.entries(params)) await editor.getByLabel(label, { exact: true }).fill(value);
  return editor;
}

/** Enables and saves the drafted configuration `name`, waits until its row runs, and opens its shadow variants. */
export async function runWithShadows(page: Page, editor: Locator, name: string): Promise<{ config: Locator; shadows: Locator }> {
  await editor.getByLabel(/^Enabled/).check();
  await editor.getByRole('button', { name: 'Save strategy' }).click();
  const config = tabPanel(page).locator(`tr[data-config="${name}"]`);
  await expect.poll(() => config.locator('td').nth(2).textContent(), { timeout: 60_000 }).toBe('running');
  await config.getByRole('button', { name: 'Shadows' }).click();
  return { config, shadows: page.getByRole('region', { name: `Shadow variants of ${name}` }) };
}

/**
 * The Backtests tab's settings form, reset to a new one (the core remembers the form, so an earlier test
 * of the file would leave its own), then `strategy` picked.
 */
export async function backtestForm(page: Page, strategy: string): Promise<Locator> {
  await tab(page, 'Backtests').click();
  const form = page.getByRole('form', { name: 'Backtest settings' });
  await form.getByRole('button', { name: 'Reset form' }).click();
  await form.getByLabel('Strategy').selectOption(strategy);
  return form;
}

/** Backtests tab → Sweep for sma-cross on `bars` simulated 1m bars, a stake of 0.02 in the form on the left. */
export async function openSweep(page: Page, bars: string): Promise<{ form: Locator; sweep: Locator }> {
  const form = await backtestForm(page, 'sma-cross');
  await form.getByLabel('Bars (1m)').fill(bars);
  // Behind the default risk gate: 0.02 BTC stays under 20 % of the 10,000 cash.
  await form.getByLabel('Stake').fill('0.02');
  await form.getByRole('button', { name: 'Sweep', exact: true }).click();
  return { form, sweep: page.getByRole('region', { name: 'Parameter sweep' }) };
}

/** Types one parameter's From / To / Step in the sweep form (which ticks it). */
export async function setSweepRange(sweep: Locator, name: string, from: string, to: string, step: string): Promise<void> {
  await sweep.getByLabel(`${name} from`, { exact: true }).fill(from);
  await sweep.getByLabel(`${name} to`, { exact: true }).fill(to);
  await sweep.getByLabel(`${name} step`, { exact: true }).fill(step);
}

/** Types `value` into the field labelled `label` (exactly) and presses the button named `button`. */
export async function submitWith(form: Locator, label: string, value: string, button: string): Promise<void> {
  await form.getByLabel(label, { exact: true }).fill(value);
  await form.getByRole('button', { name: button }).click();
}

/** The arguments of every `view.state.set` the core has answered, read off the page's WebSocket (attach before the page loads). */
export function viewStateSaves(page: Page): string[] {
  const sent = new Map<number, string>();
  const answered: string[] = [];
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const message = JSON.parse(String(payload)) as { type?: string; id?: number; name?: string; args?: unknown };
      if (message.type === 'request' && message.name === 'view.state.set' && message.id !== undefined) sent.set(message.id, JSON.stringify(message.args));
    });
    socket.on('framereceived', ({ payload }) => {
      const message = JSON.parse(String(payload)) as { type?: string; id?: number; ok?: boolean };
      if (message.type === 'response' && message.ok === true && message.id !== undefined && sent.has(message.id)) answered.push(sent.get(message.id)!);
    });
  });
  return answered;
}
