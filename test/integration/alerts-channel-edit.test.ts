import { describe, expect, it } from 'vitest';
import { until } from '../helpers/api-terminal.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';
import { stubsForFile, telegramChannel } from './alerts-helpers.js';

/**
 * A trader edits an alert channel while Telegram is making it wait (a 429 with retry_after): the
 * message waiting is still delivered, once, after the wait — an edit of routing or allow-list must
 * not throw away an alert such as a HALT. Turning the channel off is what ends it, and the log says so.
 */
const terminals = restartableTerminal();
const stubs = stubsForFile();

describe('editing an alert channel while a message waits', () => {
  it('sends the waiting message on after an edit, and fails it with why when the channel is turned off', async () => {
    const api = await terminals.start({ dataDir: terminals.dataDir('halyard-alerts-edit-'), speed: 600, tickMs: 20 });
    const channel = await api.call('alerts.channels.add', telegramChannel(stubs, { kinds: ['fills', 'halt'], minLevel: 'info' }));
    const entry = async (id: number) => (await api.call('alerts.deliveries', { channelId: channel.id, limit: 50 })).find((e) => e.id === id)!;
    const text = '✅ Halyard test message for "phone": this channel works.';

    stubs.telegram.flood('111', 3, 1);
    const first = await api.call('alerts.channels.test', { id: channel.id });
    await until(() => entry(first.deliveryId), (e) => e.status === 'retrying', 'Telegram to ask the channel to wait');
    await api.call('alerts.channels.update', { id: channel.id, routing: { kinds: ['halt'], minLevel: 'critical' } });
    const sent = await until(() => entry(first.deliveryId), (e) => e.status !== 'retrying' && e.status !== 'queued', 'the waiting message to be settled', 30_000);
    expect(sent).toMatchObject({ status: 'sent', kind: 'test', text });
    expect(stubs.telegram.sent.filter((m) => m.text === text)).toHaveLength(1);

    stubs.telegram.flood('111', 3, 1);
    const second = await api.call('alerts.channels.test', { id: channel.id });
    await until(() => entry(second.deliveryId), (e) => e.status === 'retrying', 'Telegram to ask the channel to wait again');
    await api.call('alerts.channels.update', { id: channel.id, enabled: false });
    expect(await entry(second.deliveryId)).toMatchObject({ status: 'failed', detail: 'not sent: the channel was turned off' });
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(stubs.telegram.sent.filter((m) => m.text === text)).toHaveLength(1);
  }, 90_000);
});
