import { describe, expect, it } from 'vitest';
import type { TelegramUpdate } from '../../../core/alerts/channels/telegram.js';
import { settingsOffsets, TelegramPoller } from '../../../core/alerts/telegram-poller.js';
import { FakeClock } from '../../helpers/fake-clock.js';

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

describe('Telegram\'s clock for the age of a command', () => {
  /** Polls once: Telegram answers one update, with its clock (`serverTime`) or without a Date header. */
  async function aheadSeen(serverTime: number | null): Promise<number> {
    const clock = new FakeClock(1_700_000_000_000);
    const seen: number[] = [];
    let polls = 0;
    const poller = new TelegramPoller({
      bot: { getUpdates: async () => (polls++ === 0 ? { ok: true, serverTime, result: [{ update_id: 1 } satisfies TelegramUpdate] } : new Promise(() => undefined)) },
      onUpdate: (_update, telegramAheadMs) => seen.push(telegramAheadMs),
      onProblem: () => undefined,
      clock,
      timeoutSeconds: 25,
    });
    poller.start();
    await clock.advance(0);
    poller.stop();
    return seen[0] ?? Number.NaN;
  }

  it('takes the skew from the answer\'s Date header, and the computer\'s clock when there is none', async () => {
    expect(await aheadSeen(1_700_000_000_000 - 300_000)).toBe(-300_000);
    expect(await aheadSeen(null)).toBe(0);
  });
});
