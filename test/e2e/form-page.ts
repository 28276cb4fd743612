import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

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

/**
 * Types `value` into the field `label`, presses `button`, and checks the trader is told `message` beside that
 * field and nowhere else in `form`, with what they typed kept.
 */
export async function refusedBeside(form: Locator, label: string, value: string, button: string, message: string | RegExp): Promise<void> {
  const field = form.getByLabel(label, { exact: true });
  await field.fill(value);
  await form.getByRole('button', { name: button }).click();
  await expect.poll(() => besideField(form, label)).toMatch(message);
  expect(await alertsIn(form)).toEqual([await besideField(form, label)]);
  expect(await field.inputValue()).toBe(value);
}
