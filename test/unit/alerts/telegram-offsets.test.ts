import { describe, expect, it } from 'vitest';
import { settingsOffsets } from '../../../core/alerts/telegram-poller.js';

/** A settings table in memory (the real one is a key → JSON map as well). */
function memorySettings() {
  const rows = new Map<string, unknown>();
  return { rows, getRaw: (key: string) => rows.get(key), set: (key: string, value: unknown) => void rows.set(key, value) };
}

describe('saved Telegram offsets', () => {
  it('keeps each bot’s offset for the next run, but not past the 24 h Telegram keeps updates', () => {
    let now = 1_700_000_000_000;
    const settings = memorySettings();
    const offsets = settingsOffsets(settings, () => now);
    expect(offsets.load('7000000001')).toBeNull();
    offsets.save('7000000001', 100_005);
    expect(offsets.load('7000000001')).toBe(100_005);
    expect(offsets.load('7000000002')).toBeNull(); // another bot counts its own updates
    now += 24 * 3_600_000 - 1;
    expect(offsets.load('7000000001')).toBe(100_005);
    now += 1;
    expect(offsets.load('7000000001')).toBeNull();
    settings.rows.set('alerts.telegram.offset.7000000001', { offset: 'nonsense' });
    expect(offsets.load('7000000001')).toBeNull();
  });
});
