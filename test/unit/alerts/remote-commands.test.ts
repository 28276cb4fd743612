import { describe, expect, it } from 'vitest';
import type { FlattenReport, StopReport } from '../../../core/api/contract/risk.js';
import { describeAge, FLATTEN_CONFIRM_MS, LATE_COMMAND_MS, RemoteCommands, type RemoteDesk } from '../../../core/alerts/remote-commands.js';

const STOP: StopReport = {
  id: 1,
  source: 'telegram',
  reason: 'r',
  haltedAt: 0,
  finishedAt: 1,
  accounts: [{ account: 'paper', label: 'Paper', method: 'cancel_all', error: null }],
  orders: [{ account: 'paper', symbol: 'BTC/USDT', side: 'sell', amount: 0.1, price: 70_000, source: 'dip-grid', clientOrderId: 'a', exchangeOrderId: 'x', outcome: 'canceled', attempts: 1, error: null }],
  remainingOpen: 0,
  flatten: null,
};
const FLAT: FlattenReport = { startedAt: 0, finishedAt: 1, positions: [{ account: 'paper', owner: 'manual', symbol: 'BTC/USDT', quantity: 0.1, clientOrderId: 'f', outcome: 'closed', remaining: 0, detail: '' }], verified: true };

/** A desk that records what it was asked to do (the commands are the unit under test). */
function setup(allowed = ['111']) {
  let now = 1_000_000;
  const halts: string[] = [];
  const flattens: number[] = [];
  const replies: { chatId: string; text: string }[] = [];
  const audit: { action: string; detail: Readonly<Record<string, unknown>> }[] = [];
  const desk: RemoteDesk = {
    halt: async (reason) => {
      halts.push(reason);
      return STOP;
    },
    flatten: async () => {
      flattens.push(now);
      return FLAT;
    },
    statusText: async () => 'STATUS',
    positionsText: async () => 'POSITIONS',
    pnlText: async () => 'PNL',
  };
  const commands = new RemoteCommands({ channel: 'phone', allowed: (id) => allowed.includes(id), desk, reply: (chatId, text) => replies.push({ chatId, text }), audit: (action, detail) => audit.push({ action, detail }), now: () => now });
  const say = async (chatId: string, text: string, sentAgoMs?: number) => {
    commands.handle({ chatId, fromId: chatId, text, ...(sentAgoMs === undefined ? {} : { sentAt: now - sentAgoMs }) });
    await new Promise((resolve) => setImmediate(resolve));
  };
  const sayNow = (chatId: string, text: string) => commands.handle({ chatId, fromId: chatId, text });
  return { say, sayNow, halts, flattens, replies, audit, tick: (ms: number) => (now += ms) };
}

describe('remote Telegram commands', () => {
  it('halts in the same turn as /halt from an allow-listed chat, audits it with the chat id, and reports the cancels', async () => {
    const { halts, replies, audit, sayNow } = setup();
    sayNow('111', '/halt');
    // Before anything else runs: the stop was asked for in the message's own turn.
    expect(halts).toEqual(['/halt from Telegram chat 111']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(audit).toEqual([{ action: 'remote_halt', detail: { chatId: '111', fromId: '111', channel: 'phone', command: '/halt', args: [], flatten: false } }]);
    expect(replies.map((r) => r.text)).toEqual(['🛑 HALTED. No new orders; cancelling open orders…', 'Emergency stop done on Paper: 1 order cancelled, 0 failed, 0 still open.']);
    expect(replies.every((r) => r.chatId === '111')).toBe(true);
  });

  it('does nothing for a chat that is not allow-listed but write an audit entry — no reply, no halt', async () => {
    const { halts, replies, audit, say } = setup();
    await say('999', '/halt');
    await say('999', '/status');
    await say('999', 'hello'); // not a command: not even audited
    expect(halts).toEqual([]);
    expect(replies).toEqual([]);
    expect(audit.map((a) => [a.action, a.detail['chatId'], a.detail['command'], a.detail['reason']])).toEqual([
      ['remote_command_refused', '999', '/halt', 'chat is not on the allow-list'],
      ['remote_command_refused', '999', '/status', 'chat is not on the allow-list'],
    ]);
  });

  it('never re-arms, trades or arms remotely: those are refused, explained and audited', async () => {
    const { halts, replies, audit, say } = setup();
    for (const text of ['/rearm', '/resume', '/arm binance:main', '/buy BTC/USDT 1', '/start_trading']) await say('111', text);
    expect(halts).toEqual([]);
    expect(replies).toHaveLength(5);
    expect(replies.every((r) => r.text.startsWith('Not available remotely.'))).toBe(true);
    expect(audit.map((a) => [a.action, a.detail['command'], a.detail['reason']])).toEqual([
      ['remote_command_refused', '/rearm', 'not available remotely'],
      ['remote_command_refused', '/resume', 'not available remotely'],
      ['remote_command_refused', '/arm', 'not available remotely'],
      ['remote_command_refused', '/buy', 'not available remotely'],
      ['remote_command_refused', '/start_trading', 'not available remotely'],
    ]);
  });

  it('/halt flatten halts at once and flattens only after the confirming /confirm <code> from the same chat, in time', async () => {
    const { halts, flattens, replies, audit, say, tick } = setup(['111', '222']);
    await say('111', '/halt@halyard_bot flatten');
    expect(halts).toHaveLength(1);
    const code = /\/confirm (\d{4})/.exec(replies[0]!.text)?.[1];
    expect(code).toMatch(/^\d{4}$/);
    await say('222', `/confirm ${code}`); // another chat cannot confirm it
    await say('111', '/confirm 0000'.replace('0000', code === '0000' ? '0001' : '0000'));
    expect(flattens).toEqual([]);
    await say('111', `/confirm ${code}`);
    expect(flattens).toHaveLength(1);
    expect(replies.at(-1)?.text).toBe('Flatten verified with the exchange:\npaper BTC/USDT: closed');
    await say('111', `/confirm ${code}`); // used up
    expect(flattens).toHaveLength(1);
    expect(audit.map((a) => a.action)).toEqual(['remote_halt', 'remote_command_refused', 'remote_command_refused', 'remote_flatten_confirmed', 'remote_command_refused']);

    await say('111', '/halt flatten');
    const late = /\/confirm (\d{4})/.exec(replies.filter((r) => r.text.includes('/confirm')).at(-1)!.text)?.[1];
    tick(FLATTEN_CONFIRM_MS + 1);
    await say('111', `/confirm ${late}`);
    expect(flattens).toHaveLength(1);
    expect(audit.at(-1)?.detail['reason']).toBe('no flatten waiting for confirmation');
  });

  it('answers /status, /positions, /pnl and /help to allow-listed chats', async () => {
    const { replies, audit, say } = setup();
    for (const text of ['/status', '/positions', '/pnl', '/help']) await say('111', text);
    expect(replies.map((r) => r.text.split('\n')[0])).toEqual(['STATUS', 'POSITIONS', 'PNL', 'Halyard remote commands:']);
    expect(audit.map((a) => [a.action, a.detail['command']])).toEqual([
      ['remote_command', '/status'],
      ['remote_command', '/positions'],
      ['remote_command', '/pnl'],
      ['remote_command', '/help'],
    ]);
  });

  it('carries out nothing older than 2 minutes but /halt, which still halts and says it ran late', async () => {
    const { halts, flattens, replies, audit, say } = setup(['111']);
    await say('111', '/status', LATE_COMMAND_MS); // exactly 2 minutes: still on time
    await say('111', '/pnl', -30_000); // the computer's clock behind Telegram's: on time
    await say('111', '/positions', LATE_COMMAND_MS + 1_000);
    await say('111', '/confirm 1234', 3 * 3_600_000);
    await say('111', '/help', 20 * 60_000);
    await say('111', '/rearm', 3 * 3_600_000); // refused for what it is, whenever it was sent
    expect(halts).toEqual([]);
    expect(flattens).toEqual([]);
    expect(replies.map((r) => r.text)).toEqual([
      'STATUS',
      'PNL',
      'Ignored /positions sent 2 min ago, while Halyard was closed or offline: only /halt is carried out that late. Send it again if you still want it.',
      'Ignored /confirm sent 3 h ago, while Halyard was closed or offline: only /halt is carried out that late. Send it again if you still want it.',
      'Ignored /help sent 20 min ago, while Halyard was closed or offline: only /halt is carried out that late. Send it again if you still want it.',
      expect.stringMatching(/^Not available remotely\./),
    ]);
    expect(audit.slice(2).map((a) => a.detail['reason'])).toEqual([
      'sent 2 min before Halyard read it (commands older than 2 minutes are not carried out)',
      'sent 3 h before Halyard read it (commands older than 2 minutes are not carried out)',
      'sent 20 min before Halyard read it (commands older than 2 minutes are not carried out)',
      'not available remotely',
    ]);

    replies.length = 0;
    await say('111', '/halt flatten', 5 * 3_600_000 + 7 * 60_000);
    expect(halts).toEqual(['/halt from Telegram chat 111, sent 5 h 7 min before Halyard read it']);
    expect(replies[0]!.text).toMatch(/^🛑 HALTED\. No new orders; cancelling open orders…\nThis is your \/halt sent 5 h 7 min ago, while Halyard was closed or offline: carried out now, as it only stops trading\. Re-arm at the desk if that is not what you want any more\.\nTo also close the bot’s positions at market, send \/confirm \d{4} within 2 minutes\.$/);
    expect(audit.at(-1)).toMatchObject({ action: 'remote_halt', detail: { command: '/halt', flatten: true, late: true, sentAgo: '5 h 7 min' } });
  });

  it('says how long ago in words a trader reads at a glance', () => {
    expect([45_000, 60_000, 12 * 60_000 + 59_000, 3_600_000, 3 * 3_600_000 + 20 * 60_000, 23 * 3_600_000 + 59 * 60_000].map(describeAge)).toEqual(['45 s', '1 min', '12 min', '1 h', '3 h 20 min', '23 h 59 min']);
  });
});
