import { afterEach, describe, expect, it } from 'vitest';
import { openMemoryStore } from '../../core/store/open-store.js';
import { StoreError } from '../../core/store/errors.js';
import type { HalyardStore } from '../../core/store/store.js';

const open: HalyardStore[] = [];
function store(): HalyardStore {
  let time = 1_000;
  const s = openMemoryStore({ now: () => ++time });
  open.push(s);
  return s;
}
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

const channel = { kind: 'slack' as const, name: 'desk', secretRef: 'alert-channel:1', target: 'hooks.slack.com', chatId: null, apiBaseUrl: null, routing: { kinds: ['halt'], minLevel: 'critical' }, allowedChatIds: [] };

describe('AlertChannelRepository', () => {
  it('stores channels without secrets, refuses a second one of the same name, and updates routing', () => {
    const repo = store().alerts;
    const saved = repo.insert(channel);
    expect(saved).toMatchObject({ id: 1, name: 'desk', enabled: true, routing: { kinds: ['halt'], minLevel: 'critical' } });
    expect(() => repo.insert({ ...channel, secretRef: 'alert-channel:2' })).toThrow(StoreError);
    const updated = repo.update(saved.id, { enabled: false, routing: { kinds: ['fills'], minLevel: 'info' } });
    expect(updated).toMatchObject({ enabled: false, name: 'desk', routing: { kinds: ['fills'], minLevel: 'info' } });
  });

  it('keeps the last 500 delivery log entries per channel, newest first, and drops the log with its channel', () => {
    const repo = store().alerts;
    const a = repo.insert(channel);
    const b = repo.insert({ ...channel, name: 'other', secretRef: 'alert-channel:2' });
    for (let i = 0; i < 520; i++) repo.addDelivery({ channelId: a.id, kind: 'fills', level: 'info', text: `m${i}` });
    repo.addDelivery({ channelId: b.id, kind: 'halt', level: 'critical', text: 'HALTED' });
    const log = repo.deliveries(a.id, 1_000);
    expect(log).toHaveLength(500);
    expect([log[0]!.text, log.at(-1)!.text]).toEqual(['m519', 'm20']);
    const entry = repo.updateDelivery(log[0]!.id, 'retrying', 1, 'Slack 429');
    expect(entry).toMatchObject({ status: 'retrying', attempts: 1, detail: 'Slack 429' });
    repo.remove(a.id);
    expect(repo.deliveries(a.id, 10)).toEqual([]);
    expect(repo.updateDelivery(log[0]!.id, 'sent', 2, null)).toBeNull();
    expect(repo.deliveries(b.id, 10)).toHaveLength(1);
  });

  it('marks what a previous run left queued or retrying as failed', () => {
    const repo = store().alerts;
    const a = repo.insert(channel);
    const queued = repo.addDelivery({ channelId: a.id, kind: 'fills', level: 'info', text: 'q' });
    const sent = repo.addDelivery({ channelId: a.id, kind: 'fills', level: 'info', text: 's' });
    repo.updateDelivery(sent.id, 'sent', 1, null);
    expect(repo.abandonUnfinished('not sent: Halyard stopped')).toBe(1);
    expect(repo.deliveries(a.id, 10).map((d) => [d.id, d.status])).toEqual([
      [sent.id, 'sent'],
      [queued.id, 'failed'],
    ]);
  });
});
