import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { until } from '../helpers/api-terminal.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';
import { BOT_TOKEN, stubsForFile, telegramChannel } from './alerts-helpers.js';

/**
 * Telegram keeps a message up to 24 h until a getUpdates collects it, so what the trader typed while
 * Halyard was closed arrives when it starts. Nothing but /halt may run that late (and the chat is told);
 * and an update Halyard already handled must not run again after a restart, even when Telegram never
 * saw the poll that would have confirmed it.
 */
const terminals = restartableTerminal();
const stubs = stubsForFile();
beforeAll(() => stubs.telegram.addChat('222'));

const HOUR = 3_600_000;
const repliesTo = (chatId: string, from = 0) => stubs.telegram.sent.slice(from).filter((m) => m.chatId === chatId).map((m) => m.text);
const sendRequestsTo = (chatId: string) => stubs.telegram.requests.filter((r) => r.path.endsWith('/sendMessage') && (JSON.parse(r.body) as { chat_id: string }).chat_id === chatId);
const polls = () => stubs.telegram.requests.filter((r) => r.path.endsWith('/getUpdates'));

async function withPhoneChannel(dataDir: string): Promise<ApiClient> {
  const api = await terminals.start({ dataDir, speed: 600, tickMs: 20 });
  const before = polls().length;
  await api.call('alerts.channels.add', telegramChannel(stubs, { kinds: [], minLevel: 'critical' }, ['111']));
  await until(async () => polls().length, (n) => n > before, 'the first long poll');
  return api;
}

describe('Telegram commands that arrive late or twice', () => {
  it('after a restart: a stale /status is ignored and the chat told why, a stale /halt still halts and says it ran late, a fresh /pnl is answered, a stranger gets nothing', async () => {
    const dataDir = terminals.dataDir('halyard-alerts-late-');
    await withPhoneChannel(dataDir);
    await terminals.stop();

    // Written on the phone while Halyard was closed; Telegram keeps them for the next getUpdates.
    const now = Date.now();
    stubs.telegram.pushMessage(BOT_TOKEN, '222', '/halt', now - 3 * HOUR);
    stubs.telegram.pushMessage(BOT_TOKEN, '111', '/status', now - 3 * HOUR);
    stubs.telegram.pushMessage(BOT_TOKEN, '111', '/halt', now - 2 * HOUR);
    stubs.telegram.pushMessage(BOT_TOKEN, '111', '/pnl', now - 10_000);

    const api = await terminals.start({ dataDir, speed: 600, tickMs: 20 });
    const status = await until(() => api.call('app.status', {}), (s) => s.halt.halted, 'HALTED by the late /halt');
    expect(status.halt).toMatchObject({ source: 'telegram', reason: '/halt from Telegram chat 111, sent 2 h before Halyard read it' });
    await until(async () => repliesTo('111'), (texts) => texts.length >= 3, 'the three answers');
    const replies = repliesTo('111');
    expect(replies).toContain('Ignored /status sent 3 h ago, while Halyard was closed or offline: only /halt is carried out that late. Send it again if you still want it.');
    expect(replies).toContain(
      '🛑 HALTED. No new orders; cancelling open orders…\nThis is your /halt sent 2 h ago, while Halyard was closed or offline: carried out now, as it only stops trading. Re-arm at the desk if that is not what you want any more.',
    );
    expect(replies.filter((t) => t.startsWith('PAPER\n'))).toEqual([]);
    expect(replies.some((t) => t.startsWith('Ignored /pnl'))).toBe(false);

    const audit = await api.call('audit.list', { category: 'remote' });
    expect(audit.map((e) => [e.action, e.detail['chatId'], e.detail['command'], e.detail['reason'] ?? e.detail['sentAgo'] ?? null])).toEqual([
      ['remote_command', '111', '/pnl', null],
      ['remote_halt', '111', '/halt', '2 h'],
      ['remote_command_refused', '111', '/status', 'sent 3 h before Halyard read it (commands older than 2 minutes are not carried out)'],
      ['remote_command_refused', '222', '/halt', 'chat is not on the allow-list'],
    ]);
    expect(sendRequestsTo('222')).toEqual([]);
  });

  it('reads "late" on Telegram\'s clock (its Date header), not on a computer clock minutes off', async () => {
    await withPhoneChannel(terminals.dataDir('halyard-alerts-skew-'));
    const from = stubs.telegram.sent.length;
    try {
      // The computer's clock runs 5 minutes fast: a command sent just now is not 5 minutes old.
      stubs.telegram.clockAheadMs = -5 * 60_000;
      stubs.telegram.pushMessage(BOT_TOKEN, '111', '/status');
      await until(async () => repliesTo('111', from), (texts) => texts.length >= 1, 'the /status answer');
      // The computer's clock runs 5 minutes slow: a command sent 3 minutes ago is late all the same.
      stubs.telegram.clockAheadMs = 5 * 60_000;
      stubs.telegram.pushMessage(BOT_TOKEN, '111', '/pnl', stubs.telegram.now() - 3 * 60_000);
      await until(async () => repliesTo('111', from), (texts) => texts.length >= 2, 'the /pnl answer');
    } finally {
      stubs.telegram.clockAheadMs = 0;
    }
    const [status, pnl] = repliesTo('111', from);
    expect(status).toMatch(/^PAPER\n/);
    expect(pnl).toBe('Ignored /pnl sent 3 min ago, while Halyard was closed or offline: only /halt is carried out that late. Send it again if you still want it.');
  });

  it('a command handled just before Halyard stopped is not carried out again after the restart', async () => {
    const dataDir = terminals.dataDir('halyard-alerts-twice-');
    await withPhoneChannel(dataDir);
    const from = stubs.telegram.sent.length;
    // Telegram's front answers 502 from now on: the poll that would confirm the next update never reaches the Bot API.
    stubs.telegram.failNext('getUpdates', 1_000, 502);
    stubs.telegram.pushMessage(BOT_TOKEN, '111', '/status');
    await until(async () => repliesTo('111', from).filter((t) => t.startsWith('PAPER\n')), (texts) => texts.length === 1, 'the /status answer');
    await until(async () => polls().filter((r) => r.status === 502), (failed) => failed.length > 0, 'a poll that failed');
    await terminals.stop();

    stubs.telegram.failNext('getUpdates', 0);
    const api = await terminals.start({ dataDir, speed: 600, tickMs: 20 });
    stubs.telegram.pushMessage(BOT_TOKEN, '111', '/positions');
    await until(async () => repliesTo('111', from), (texts) => texts.includes('No open positions.'), 'the /positions answer');

    const audit = await api.call('audit.list', { category: 'remote' });
    expect(audit.filter((e) => e.detail['chatId'] === '111').map((e) => e.detail['command'])).toEqual(['/positions', '/status']);
    expect(repliesTo('111', from).filter((t) => t.startsWith('PAPER\n'))).toHaveLength(1);
  });
});
