import type { BrowserContext, Page } from 'playwright-core';

/** Page-object helpers for the workspace e2e tests (accessible names only, as a trader sees them). */
export function ticket(page: Page) {
  return page.getByRole('region', { name: 'Order ticket' });
}

export function tab(page: Page, name: string) {
  return page.getByRole('tab', { name: new RegExp(`^${name}`) });
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
