import { describe, expect, it } from 'vitest';
import { until } from '../helpers/api-terminal.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';
import { BOT_TOKEN, marketFill, SIGNING_SECRET, stubsForFile, telegramChannel } from './alerts-helpers.js';

/**
 * The figures of a losing round trip as a trader reads them off the desk — the exit alert on Telegram and on
 * the signed webhook, the answers to /status and /pnl, the report — follow the desk's sign rule
 * (renderer/src/app/format.ts): a loss starts with the minus sign "−" (U+2212), never the hyphen "-", and
 * no figure reads "-0" or "-0.00". Real keychain and encrypted store: run under test/with-keyring.sh.
 */
const terminals = restartableTerminal();
const stubs = stubsForFile();

/** A hyphen used as a minus: "-2.30", "(-0.30%", " -1.5" (not the hyphen inside a word or an id). */
const HYPHEN_MINUS = /(^|[\s(:])-\d/m;

describe('figures in alerts, answers and reports', () => {
  it('writes a loss with − on Telegram, the webhook, /status, /pnl and the report', async () => {
    const api = await terminals.start({ dataDir: terminals.dataDir('halyard-alerts-figures-'), speed: 600, tickMs: 20 });
    await api.call('alerts.channels.add', telegramChannel(stubs, { kinds: ['exits'], minLevel: 'info' }, ['111']));
    await api.call('alerts.channels.add', { kind: 'webhook', name: 'ops', url: stubs.webhook.endpoint(), signingSecret: SIGNING_SECRET, routing: { kinds: ['exits'], minLevel: 'info' } });
    await api.call('risk.config.set', { config: { breaker: { dailyLossPct: 2.5 } } });

    // A round trip at market pays the spread and two fees: a loss of a few dollars.
    await marketFill(api, 'buy', '0.5');
    const [position] = await api.call('positions.list', {});
    await api.call('positions.close', { id: position!.id });
    await until(() => api.call('positions.list', {}), (list) => list.length === 0, 'the position to close');

    const isExit = (text: string) => text.startsWith('PAPER · Exit ETH/USDT (manual): SELL 0.5 ETH/USDT');
    const exit = await until(async () => stubs.telegram.sent.find((m) => isExit(m.text))?.text, (text) => text !== undefined, 'the exit on Telegram', 60_000);
    expect(exit).toMatch(/ · P&L −\d+\.\d\d USDT \(−\d+\.\d\d%\) · fee \d+\.\d\d USDT · manual$/);
    const signed = await until(async () => stubs.webhook.deliveries.find((m) => isExit(m.text))?.text, (text) => text !== undefined, 'the exit on the webhook', 60_000);
    expect(signed).toBe(exit);

    const start = stubs.telegram.sent.length;
    const answers = () => stubs.telegram.sent.slice(start).filter((m) => m.chatId === '111').map((m) => m.text);
    stubs.telegram.pushMessage(BOT_TOKEN, '111', '/status');
    const status = await until(async () => answers()[0], (text) => text !== undefined, 'the /status answer');
    expect(status).toMatch(/^Today: (−\d+\.\d\d|0\.00)% of day-start equity \(breaker at −2\.5%\)$/m);
    stubs.telegram.pushMessage(BOT_TOKEN, '111', '/pnl');
    const pnl = await until(async () => answers()[1], (text) => text !== undefined, 'the /pnl answer');
    expect(pnl).toMatch(/^All: −\d+\.\d\d USDT \(realized after fees −\d+\.\d\d USDT, unrealized 0\.00 USDT; fees paid in all \d+\.\d\d USDT\)$/m);

    const report = await api.call('alerts.report', { period: 'now' });
    expect(report.text).toMatch(/^All: −\d+\.\d\d USDT \(realized after fees −\d+\.\d\d USDT/m);
    expect(report.markdown).toMatch(/^\| Realized \(after fees\) \| −\d+\.\d\d USDT \| −\d+\.\d\d USDT \| −\d+\.\d\d USDT \|$/m);

    for (const text of [exit!, status!, pnl!, report.text, report.markdown]) expect(text).not.toMatch(HYPHEN_MINUS);
  });
});
