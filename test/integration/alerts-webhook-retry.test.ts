import { describe, expect, it } from 'vitest';
import { until } from '../helpers/api-terminal.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';
import { SIGNING_SECRET, stubsForFile } from './alerts-helpers.js';

/**
 * A receiver that took an alert but whose answer did not come back 2xx gets it again (5xx is retried, as
 * the README says). The retry is the same alert — the same X-Halyard-Message and body `messageId` — in a
 * new, signed attempt (its own X-Halyard-Delivery), so the receiver can act on it once. Real keychain and
 * encrypted store: run under test/with-keyring.sh.
 */
const terminals = restartableTerminal();
const stubs = stubsForFile();

describe('the signed webhook when an answer is lost', () => {
  it('sends the retry with the alert’s own id, so the receiver acts on it once', async () => {
    const api = await terminals.start({ dataDir: terminals.dataDir('halyard-webhook-retry-'), speed: 600, tickMs: 20 });
    const channel = await api.call('alerts.channels.add', { kind: 'webhook', name: 'ops', url: stubs.webhook.endpoint('/retry'), signingSecret: SIGNING_SECRET });
    stubs.webhook.takeThenFail = 1;
    await api.call('alerts.channels.test', { id: channel.id });
    const [entry] = await until(() => api.call('alerts.deliveries', { channelId: channel.id, limit: 10 }), (log) => log[0]?.status === 'sent', 'the test message to be sent', 30_000);
    expect(entry).toMatchObject({ kind: 'test', attempts: 2 });

    const attempts = stubs.webhook.deliveries.filter((d) => d.kind === 'test');
    expect(attempts).toHaveLength(2);
    const [first, retry] = attempts;
    expect(retry!.id).not.toBe(first!.id);
    expect(retry!.messageId).toBe(first!.messageId);
    expect(first!.messageId).toMatch(/^[0-9a-f-]{36}$/);
    // What the receiver acts on: one alert.
    expect(new Set(attempts.map((d) => d.messageId)).size).toBe(1);

    // The next alert is a new one.
    await api.call('alerts.channels.test', { id: channel.id });
    await until(async () => stubs.webhook.deliveries.filter((d) => d.kind === 'test'), (all) => all.length === 3, 'the second test message');
    expect(stubs.webhook.deliveries.filter((d) => d.kind === 'test')[2]!.messageId).not.toBe(first!.messageId);
  });
});
