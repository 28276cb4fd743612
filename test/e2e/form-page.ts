import type { Locator } from 'playwright-core';

/**
 * What a form says beside one of its fields, as assistive technology reads it: the alert the field's
 * aria-describedby names, or null while there is none. `scope` holds the field (a form, a table row).
 */
export async function besideField(scope: Locator, label: string): Promise<string | null> {
  const described = await scope.getByLabel(label, { exact: true }).getAttribute('aria-describedby');
  for (const id of described?.split(/\s+/).filter(Boolean) ?? []) {
    const message = scope.locator(`[id="${id}"][role="alert"]`);
    if ((await message.count()) === 1) return message.textContent();
  }
  return null;
}

/** Every alert in `scope`, in page order: what the trader is told, each once. */
export function alertsIn(scope: Locator): Promise<string[]> {
  return scope.getByRole('alert').allTextContents();
}
