import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../core/api/client.js';
import { serveApi } from '../../core/api/server.js';
import { createInMemoryPair, type MessageTransport } from '../../core/api/transport.js';
import { Terminal } from '../../core/app/terminal.js';
import { DatabaseKey } from '../../core/store/database-key.js';
import { DATABASE_FILE, openEncryptedDatabase } from '../../core/store/db.js';
import { until } from '../helpers/api-terminal.js';
import { marketFill, settled, startStubs, type Stubs } from './alerts-helpers.js';
import { filesUnder, removeDir, tempDir, testKeychain } from './store-helpers.js';

/**
 * Issue 17 canary: a unique canary string is put into every kind of channel secret (a Telegram bot
 * token, Slack and Discord webhook URLs, a webhook URL and its signing secret), the channels are used
 * — test messages, alerts, failures whose errors might echo a URL — and afterwards the canary is in
 * no byte of the data dir, no row of the decrypted database, no line of the logs and no API response
 * or pushed event. It is in the keychain, where it belongs.
 */
const CANARY = `cnry${randomUUID().replace(/-/g, '')}`;
const BOT = `7000000042:AAH${CANARY}`;
const keychain = testKeychain();
let stubs: Stubs;
let dataDir: string;
const secretRefs: string[] = [];

beforeAll(async () => {
  stubs = await startStubs();
  stubs.telegram.addBot(BOT, 'canary_bot');
  dataDir = tempDir('halyard-alerts-canary-');
});
afterAll(async () => {
  await stubs.close();
  await keychain.cleanup(secretRefs);
  removeDir(dataDir);
});

/** Everything the server end sends (responses and pushed events), as JSON text. */
function recording(end: MessageTransport, into: string[]): MessageTransport {
  return { send: (message) => (into.push(JSON.stringify(message)), end.send(message)), onMessage: (listener) => end.onMessage(listener) };
}

/** Captures whatever the process writes to stdout/stderr and the console while `run` runs. */
async function capturingLogs<T>(into: string[], run: () => Promise<T>): Promise<T> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = methods.map((name) => console[name]);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => (into.push(String(chunk)), out(chunk, ...rest))) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => (into.push(String(chunk)), err(chunk, ...rest))) as typeof process.stderr.write;
  methods.forEach((name) => (console[name] = (...args: unknown[]) => into.push(args.map(String).join(' '))));
  try {
    return await run();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    methods.forEach((name, i) => (console[name] = originals[i]!));
  }
}

describe('channel secrets never leave the keychain (canary)', () => {
  it('leaves no trace of the canary in the database, the logs or any API response', async () => {
    const wire: string[] = [];
    const logs: string[] = [];
    await capturingLogs(logs, async () => {
      const terminal = await Terminal.create({ dataDir, speed: 600, tickMs: 20, keychainService: keychain.service });
      const [serverEnd, clientEnd] = createInMemoryPair();
      const stop = serveApi(recording(serverEnd, wire), terminal.handlers, terminal.events, { batchMs: 0, onInternalError: (error, name) => logs.push(`${name}: ${String(error)}`) });
      const api = createApiClient(clientEnd, { timeoutMs: 30_000 });
      try {
        await until(() => api.call('risk.state', {}), (s) => !s.reconciling, 'start-up reconciliation');
        const slackUrl = stubs.slack.addWebhook(`/services/T0HALYARD/B0CANARY/${CANARY}`);
        const channels = [
          await api.call('alerts.channels.add', { kind: 'telegram', name: 'phone', botToken: BOT, chatId: '111', allowedChatIds: ['111'], apiBaseUrl: stubs.telegram.url }),
          await api.call('alerts.channels.add', { kind: 'slack', name: 'desk', webhookUrl: slackUrl }),
          await api.call('alerts.channels.add', { kind: 'discord', name: 'pager', webhookUrl: stubs.discord.addWebhook(`${CANARY}-discord`) }),
          await api.call('alerts.channels.add', { kind: 'webhook', name: 'ops', url: `${stubs.webhook.endpoint(`/hooks/${CANARY}`)}?token=${CANARY}`, signingSecret: `${CANARY}-signing` }),
          // A Discord URL the service does not know: its refusals must not quote the URL.
          await api.call('alerts.channels.add', { kind: 'discord', name: 'gone', webhookUrl: `${stubs.discord.url}/api/webhooks/42/${CANARY}-gone` }),
        ];
        for (const { secretRef } of terminal.storage.store.alerts.list()) secretRefs.push(secretRef);
        // A token Telegram refuses is refused here, without repeating it.
        const refused = await api.call('alerts.channels.add', { kind: 'telegram', name: 'bad', botToken: `7000000043:AAH${CANARY}x`, chatId: '111', allowedChatIds: [], apiBaseUrl: stubs.telegram.url }).catch((error: unknown) => error);
        expect(refused).toMatchObject({ code: 'rejected' });
        const unreachable = await api.call('alerts.channels.add', { kind: 'telegram', name: 'down', botToken: `7000000044:AAH${CANARY}y`, chatId: '111', allowedChatIds: [], apiBaseUrl: 'http://127.0.0.1:9' }).catch((error: unknown) => error);
        expect(unreachable).toMatchObject({ code: 'unavailable' });

        for (const channel of channels) await api.call('alerts.channels.test', { id: channel.id });
        await marketFill(api, 'buy', '0.01');
        stubs.telegram.pushMessage(BOT, '111', '/status');
        stubs.slack.archive(`/services/T0HALYARD/B0CANARY/${CANARY}`);
        await api.call('risk.emergencyStop', { source: 'button', reason: 'canary' });
        for (const channel of channels) await settled(api, channel.id, 2);
        const gone = await api.call('alerts.deliveries', { channelId: channels[4]!.id });
        expect(gone[0]).toMatchObject({ status: 'failed', detail: 'Discord 404: Unknown Webhook (code 10015)' });
        // Everything that can show channels, reports, the log and the audit trail.
        await api.call('alerts.channels.list', {});
        await api.call('alerts.report', { period: 'now' });
        await api.call('audit.list', { limit: 1_000 });
        await api.call('app.status', {});
        await api.call('alerts.channels.update', { id: channels[0]!.id, routing: { kinds: ['halt'], minLevel: 'critical' } });
        await api.call('alerts.channels.remove', { id: channels[4]!.id });
      } finally {
        stop();
        api.dispose();
        await terminal.close();
      }
    });

    // The secrets are where they belong.
    const stored = await keychain.read(secretRefs[0]!);
    expect(stored.ok && stored.value).toContain(CANARY);

    const canary = Buffer.from(CANARY);
    expect(wire.length).toBeGreaterThan(50);
    expect(wire.filter((message) => message.includes(CANARY))).toEqual([]);
    expect(logs.filter((line) => line.includes(CANARY))).toEqual([]);
    expect(filesUnder(dataDir).filter((file) => readFileSync(file).includes(canary))).toEqual([]);

    // And inside the encrypted file, row by row, table by table.
    const keyText = await keychain.read('db-key');
    const key = keyText.ok && keyText.value ? DatabaseKey.fromKeychainText(keyText.value) : null;
    if (!key) throw new Error('no database key in the keychain');
    const db = openEncryptedDatabase(join(dataDir, DATABASE_FILE), key);
    try {
      const tables = db.prepare<[], string>(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
      expect(tables).toEqual(expect.arrayContaining(['alert_channels', 'alert_deliveries', 'audit_log', 'settings']));
      const dump = tables.map((table) => JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all()));
      expect(dump.join('\n')).toContain('Halyard test message');
      expect(dump.filter((rows) => rows.includes(CANARY))).toEqual([]);
    } finally {
      db.close();
    }
  });
});
