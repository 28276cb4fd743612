import { describe, expect, it } from 'vitest';
import { DeliveryQueue, type DeliveryStatus, type OutgoingMessage, type QueuedMessage, type SendOutcome } from '../../../core/alerts/delivery-queue.js';
import type { AlertLevel } from '../../../core/alerts/model.js';
import { FakeClock } from '../../helpers/fake-clock.js';

/** A service that answers from a script, one outcome per request, and remembers when each came. */
function service(clock: FakeClock, script: (call: number) => SendOutcome) {
  const calls: { at: number; message: OutgoingMessage }[] = [];
  return {
    calls,
    send: async (message: OutgoingMessage) => {
      calls.push({ at: clock.now(), message });
      return script(calls.length);
    },
  };
}

function queueWith(clock: FakeClock, send: (message: OutgoingMessage) => Promise<SendOutcome>, capacity = 10) {
  const log: { id: number; status: DeliveryStatus; detail: string | null }[] = [];
  const queue = new DeliveryQueue({ send, minIntervalMs: 1_000, capacity, maxAttempts: 3, backoff: { baseMs: 2_000, maxMs: 60_000 }, clock, onStatus: (m, status, detail) => log.push({ id: m.deliveryId, status, detail }) });
  let id = 0;
  const push = (text: string, level: AlertLevel = 'info') => {
    const message: QueuedMessage = { deliveryId: ++id, messageId: `message-${id}`, kind: 'fills', level, text, attempts: 0 };
    queue.enqueue(message);
    return message;
  };
  const finalStatus = (deliveryId: number) => log.filter((entry) => entry.id === deliveryId).at(-1)?.status;
  return { queue, log, push, finalStatus };
}

describe('DeliveryQueue', () => {
  it('sends in order, one at a time, no faster than the service allows', async () => {
    const clock = new FakeClock(0);
    const svc = service(clock, () => ({ ok: true }));
    const { push } = queueWith(clock, svc.send);
    for (const text of ['a', 'b', 'c']) push(text);
    expect(svc.calls).toHaveLength(0); // nothing in the caller's turn
    await clock.advance(5_000);
    expect(svc.calls.map((c) => [c.at, c.message.text])).toEqual([
      [0, 'a'],
      [1_000, 'b'],
      [2_000, 'c'],
    ]);
  });

  it('waits as long as a 429 asks, without using up an attempt, then goes on in order', async () => {
    const clock = new FakeClock(0);
    const svc = service(clock, (n) => (n <= 4 ? { ok: false, kind: 'rate_limited', retryAfterMs: 7_000, detail: 'Slack 429' } : { ok: true }));
    const { push, finalStatus, log } = queueWith(clock, svc.send);
    const first = push('first');
    const second = push('second');
    await clock.advance(60_000);
    expect(svc.calls.map((c) => c.at)).toEqual([0, 7_000, 14_000, 21_000, 28_000, 29_000]);
    expect(svc.calls.map((c) => c.message.text)).toEqual(['first', 'first', 'first', 'first', 'first', 'second']);
    // Every attempt of one message carries its id: a receiver tells a retry from a new alert.
    expect(svc.calls.map((c) => c.message.messageId)).toEqual([first.messageId, first.messageId, first.messageId, first.messageId, first.messageId, second.messageId]);
    expect(finalStatus(first.deliveryId)).toBe('sent');
    expect(finalStatus(second.deliveryId)).toBe('sent');
    expect(first.attempts).toBe(1);
    expect(log.find((e) => e.status === 'retrying')?.detail).toBe('Slack 429; next try in 7 s');
  });

  it('backs off on temporary failures and gives up after the last attempt; a refusal fails at once', async () => {
    const clock = new FakeClock(0);
    const svc = service(clock, (n) => (n <= 3 ? { ok: false, kind: 'temporary', detail: 'HTTP 503' } : { ok: false, kind: 'permanent', detail: 'no_service' }));
    const { push, finalStatus, log } = queueWith(clock, svc.send);
    const flaky = push('flaky');
    const refused = push('refused');
    const after = push('after');
    await clock.advance(60_000);
    // 2 s, then 4 s of back-off; the third failure is the last attempt.
    expect(svc.calls.slice(0, 3).map((c) => c.at)).toEqual([0, 2_000, 6_000]);
    expect(finalStatus(flaky.deliveryId)).toBe('failed');
    expect(log.filter((e) => e.id === flaky.deliveryId).at(-1)?.detail).toBe('HTTP 503; gave up after 3 attempts');
    expect(finalStatus(refused.deliveryId)).toBe('failed');
    expect(finalStatus(after.deliveryId)).toBe('failed');
    expect(svc.calls).toHaveLength(5);
  });

  it('drops the oldest low-level messages first when the backlog is full, and the next message says so', async () => {
    const clock = new FakeClock(0);
    let release: (outcome: SendOutcome) => void = () => undefined;
    const sent: string[] = [];
    const send = (message: OutgoingMessage) =>
      new Promise<SendOutcome>((resolve) => {
        sent.push(message.text);
        release = resolve;
      });
    const { push, finalStatus } = queueWith(clock, send, 4);
    const head = push('head', 'info');
    await clock.advance(0); // the head is now in flight
    const warning = push('warning 1', 'warning');
    const info1 = push('info 1', 'info');
    const info2 = push('info 2', 'info');
    const critical = push('critical', 'critical'); // over capacity: info 1 goes (oldest of the lowest level)
    const info3 = push('info 3', 'info'); // over again: info 2 goes
    expect(finalStatus(info1.deliveryId)).toBe('dropped');
    expect(finalStatus(info2.deliveryId)).toBe('dropped');
    expect(finalStatus(head.deliveryId)).toBe('queued');
    for (let i = 0; i < 4; i++) {
      release({ ok: true });
      await clock.advance(1_000);
    }
    expect(sent).toEqual(['head', '⚠ 2 lower-priority alerts were dropped: this channel was backed up.\nwarning 1', 'critical', 'info 3']);
    expect([warning, critical, info3].map((m) => finalStatus(m.deliveryId))).toEqual(['sent', 'sent', 'sent']);
  });

  it('marks what is still waiting as failed when it is closed, and sends nothing more', async () => {
    const clock = new FakeClock(0);
    const svc = service(clock, () => ({ ok: false, kind: 'rate_limited', retryAfterMs: 30_000, detail: '429' }));
    const { queue, push, finalStatus } = queueWith(clock, svc.send);
    const waiting = push('waiting');
    await clock.advance(1_000);
    queue.close();
    await clock.advance(120_000);
    expect(svc.calls).toHaveLength(1);
    expect(finalStatus(waiting.deliveryId)).toBe('failed');
  });
});
