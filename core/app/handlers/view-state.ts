import { VIEW_STATE_KEYS, viewStateValueSchema, type ViewStateKey, type ViewStateValue } from '../../api/contract/view-state.js';
import type { HandlerMap } from './merge.js';

const settingKey = (key: ViewStateKey) => `view.${key}`;

/** `view.state.*`: the workspace's view state in the settings table of the encrypted store. */
export function viewStateHandlers(settings: { getRaw(key: string): unknown; set(key: string, value: unknown): void }, now: () => number): HandlerMap {
  return {
    'view.state.get': async () => {
      const kept: Partial<Record<ViewStateKey, ViewStateValue>> = {};
      for (const key of VIEW_STATE_KEYS) {
        // What an older build kept and no longer fits is left out (the renderer starts from its defaults).
        const parsed = viewStateValueSchema.safeParse(settings.getRaw(settingKey(key)));
        if (parsed.success) kept[key] = parsed.data;
      }
      return kept;
    },
    'view.state.set': async ({ key, value }) => {
      settings.set(settingKey(key), value);
      return { key, savedAt: now() };
    },
  };
}
