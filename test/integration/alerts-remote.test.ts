import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { until } from '../helpers/api-terminal.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';
import { BOT_TOKEN, stubsForFile, telegramChannel } from './alerts-helpers.js';

/**
 * Issue 17, remote commands: /halt from an allow-listed Telegram chat halts and cancels (over the
 * real long-poll loop against the Bot API stub); from any other chat it does nothing but write an
 * audit entry; re-arming is never possible remotely.
 */
const terminals = restartableTerminal();
const stubs = stubsForFile();
beforeAll(() => stubs.telegram.addChat('222'));

async function restingOrder(api: ApiClient): Promise<string> {
  const last = (await api.call('market.watchlist', {})).find((row) => row.symbol === 'BTC/USDT')!.last!;
  const order = await api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.01', price: (last * 0.5).toFixed(2) });
  expect(order.status).toBe('open');
  return order.clientOrderId;
}

const repliesTo = (chatId: string) => stubs.telegram.sent.filter((m) => m.chatId === chatId).map((m) => m.text);
const sendRequestsTo = (chatId: string) => stubs.telegram.requests.filter((r) => r.path.endsWith('/sendMessage') && (JSON.parse(r.body) as { chat_id: string }).chat_id === chatId);

describe('Telegram remote commands', () => {
  it('/halt from an allow-listed chat halts and cancels; from another chat it only leaves an audit entry; /rearm is refused', async () => {
    const api = await terminals.start({ dataDir: terminals.dataDir('halyard-alerts-remote-'), speed: 600, tickMs: 20 });
    await until(() => api.call('market.watchlist', {}), (rows) => rows.some((row) => row.symbol === 'BTC/USDT' && row.last !== null), 'a BTC price');
    const channel = await api.call('alerts.channels.add', telegramChannel(stubs, { kinds: ['halt'], minLevel: 'info' }, ['111']));
    expect(channel.allowedChatIds).toEqual(['111']);
    // The command poller is waiting on getUpdates.
    await until(async () => stubs.telegram.requests.filter((r) => r.path.endsWith('/getUpdates')).length, (n) => n > 0, 'the first long poll');

    // A stranger's /halt: nothing happens, not even a reply — only the audit log knows.
    const kept = await restingOrder(api);
    stubs.telegram.pushMessage(BOT_TOKEN, '222', '/halt');
    const refused = await until(() => api.call('audit.list', { category: 'remote' }), (entries) => entries.length > 0, 'the refused command in the audit log');
    expect(refused[0]).toMatchObject({ category: 'remote', action: 'remote_command_refused', source: 'telegram', detail: { chatId: '222', command: '/halt', reason: 'chat is not on the allow-list' } });
    expect((await api.call('app.status', {})).halt.halted).toBe(false);
    expect((await api.call('orders.list', { status: 'open' })).map((o) => o.clientOrderId)).toEqual([kept]);
    expect(sendRequestsTo('222')).toEqual([]);

    // The trader's /halt: HALTED, the order cancelled, and the phone is told.
    stubs.telegram.pushMessage(BOT_TOKEN, '111', '/halt');
    const status = await until(() => api.call('app.status', {}), (s) => s.halt.halted, 'HALTED');
    expect(status.halt).toMatchObject({ source: 'telegram', reason: '/halt from Telegram chat 111' });
    await until(() => api.call('orders.list', { status: 'open' }), (orders) => orders.length === 0, 'the open order to be cancelled');
    await until(async () => repliesTo('111'), (texts) => texts.some((t) => t.startsWith('Emergency stop done')), 'the stop report on the phone');
    expect(repliesTo('111')).toContain('Emergency stop done on Paper: 1 order cancelled, 0 failed, 0 still open.');
    expect(repliesTo('111')).toContain('🛑 HALTED. No new orders; cancelling open orders…');
    // The HALT alert itself (routed to this channel) reaches the same chat.
    await until(async () => repliesTo('111'), (texts) => texts.some((t) => t.startsWith('🛑 HALTED · PAPER · by telegram')), 'the HALT alert');

    // No remote re-arm, whoever asks.
    stubs.telegram.pushMessage(BOT_TOKEN, '111', '/rearm');
    await until(async () => repliesTo('111'), (texts) => texts.some((t) => t.startsWith('Not available remotely.')), 'the refusal');
    expect((await api.call('app.status', {})).halt.halted).toBe(true);

    const audit = await api.call('audit.list', { category: 'remote' });
    expect(audit.map((e) => [e.action, e.detail['chatId'], e.detail['command']])).toEqual([
      ['remote_command_refused', '111', '/rearm'],
      ['remote_halt', '111', '/halt'],
      ['remote_command_refused', '222', '/halt'],
    ]);
    const stops = await api.call('audit.list', { category: 'emergency_stop' });
    expect(stops.find((e) => e.action === 'halt')).toMatchObject({ source: 'telegram', detail: { reason: '/halt from Telegram chat 111' } });
    expect(sendRequestsTo('222')).toEqual([]);
  });

  it('answers /status and /positions, and /halt flatten closes positions only after /confirm with the code', async () => {
    const api = await terminals.start({ dataDir: terminals.dataDir('halyard-alerts-flatten-'), speed: 600, tickMs: 20 });
    await api.call('alerts.channels.add', telegramChannel(stubs, { kinds: [], minLevel: 'critical' }, ['111']));
    const start = stubs.telegram.sent.length;
    const fresh = () => stubs.telegram.sent.slice(start).filter((m) => m.chatId === '111').map((m) => m.text);

    stubs.telegram.pushMessage(BOT_TOKEN, '111', '/status');
    await until(async () => fresh(), (texts) => texts.length > 0, 'the /status answer');
    expect(fresh()[0]).toMatch(/^PAPER\n✅ Trading \(not halted\)\nMarket: Simulated market/);

    stubs.telegram.pushMessage(BOT_TOKEN, '111', '/positions');
    await until(async () => fresh(), (texts) => texts.length > 1, 'the /positions answer');
    expect(fresh()[1]).toBe('No open positions.');

    stubs.telegram.pushMessage(BOT_TOKEN, '111', '/halt flatten');
    await until(() => api.call('app.status', {}), (s) => s.halt.halted, 'HALTED');
    const ask = await until(async () => fresh().find((t) => t.includes('/confirm')), (text) => text !== undefined, 'the confirmation question');
    const code = /\/confirm (\d{4})/.exec(ask!)![1]!;
    stubs.telegram.pushMessage(BOT_TOKEN, '111', `/confirm ${code}`);
    await until(async () => fresh(), (texts) => texts.some((t) => t.startsWith('Flatten:')), 'the flatten result');
    expect(fresh().filter((t) => t.startsWith('Flatten'))).toEqual(['Flattening the bot’s positions at market…', 'Flatten: the bot held no positions.']);
    const audit = await api.call('audit.list', { category: 'emergency_stop' });
    expect(audit.map((e) => [e.action, e.source])).toContainEqual(['flatten_requested', 'telegram']);
  });
});
