import { afterAll, describe, expect, it } from 'vitest';
import { formatPrice } from '../../core/alerts/format.js';
import { alertsServiceOn } from '../helpers/alerts-service.js';
import { apiTerminal, until } from '../helpers/api-terminal.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';
import { marketFill, settled, stubsForFile } from './alerts-helpers.js';
import { testKeychain } from './store-helpers.js';

/**
 * Issue 17 reports: the scheduled report goes out at the trader's local times across a DST change
 * (on a fake clock, through a real channel), and the same report is in the app and exports as
 * Markdown. Price alerts fire once, through the channels routed for them.
 */
const stubs = stubsForFile();

describe('scheduled reports on a fake clock', () => {
  const keychain = testKeychain();
  afterAll(() => keychain.cleanup());

  it('sends the daily reports at 19:00 and 07:00 Berlin time across the spring-forward night, and the Monday one as weekly', async () => {
    const running = await apiTerminal();
    const clock = new FakeClock(Date.parse('2024-03-30T17:30:00Z'));
    const alerts = alertsServiceOn(running.terminal, { vault: keychain, clock });
    try {
      const { record } = await alerts.admin.add({ kind: 'slack', name: 'reports', webhookUrl: stubs.slack.addWebhook(), routing: { kinds: ['reports'], minLevel: 'info' } });
      await alerts.start();
      alerts.setSchedule({ enabled: true, timeZone: 'Europe/Berlin', daily: ['07:00', '19:00'], weekly: { day: 'monday', time: '07:00' } });
      const before = stubs.slack.posts.length;
      const reports = () => stubs.slack.posts.slice(before).map((post) => post.text.split('\n')[0]);
      for (const [hours, expected] of [
        [2, ['Halyard daily report · 2024-03-30 19:00 CET']],
        [12, ['Halyard daily report · 2024-03-30 19:00 CET', 'Halyard daily report · 2024-03-31 07:00 CEST']],
        [24, ['Halyard daily report · 2024-03-30 19:00 CET', 'Halyard daily report · 2024-03-31 07:00 CEST', 'Halyard daily report · 2024-03-31 19:00 CEST', 'Halyard weekly report · 2024-04-01 07:00 CEST']],
      ] as const) {
        await clock.advance(hours * 3_600_000);
        await until(async () => (await clock.advance(0), reports()), (texts) => texts.length >= expected.length, `${expected.length} report(s)`);
        expect(reports()).toEqual(expected);
      }
      const text = stubs.slack.posts.at(-1)!.text;
      expect(text).toContain('\nPAPER · regime NORMAL\n');
      // Sent at 07:00 Berlin time, its "Today" is the UTC day (the P&L tab's): the report says so.
      expect(text).toMatch(/\nP&L PAPER · days from 00:00 UTC\nToday: [+−]?\d+\.\d\d USDT \(realized/);
      expect(text).toContain('No open positions.');
      expect((await alerts.admin.deliveries(record.id, 10)).map((d) => [d.kind, d.status])).toEqual(Array(4).fill(['reports', 'sent']));
    } finally {
      await alerts.stop();
      await running.close();
    }
  });
});

describe('reports missed while Halyard was closed', () => {
  const keychain = testKeychain();
  afterAll(() => keychain.cleanup());

  it('sends the latest missed report once at the next start, marked late with what it covers, and never again after a restart', async () => {
    const running = await apiTerminal();
    const clock = new FakeClock(Date.parse('2024-05-07T18:30:00Z')); // Tuesday 20:30 in Berlin
    let alerts = alertsServiceOn(running.terminal, { vault: keychain, clock });
    /** Halyard closed until `iso`, then started again. */
    const reopenAt = async (iso: string) => {
      await alerts.stop();
      clock.jump(Date.parse(iso) - clock.now());
      alerts = alertsServiceOn(running.terminal, { vault: keychain, clock });
      await alerts.start();
      // The report of that start, if any, is built from the same API as this one: it is queued by now.
      await alerts.report('now');
    };
    try {
      const { record } = await alerts.admin.add({ kind: 'slack', name: 'reports', webhookUrl: stubs.slack.addWebhook(), routing: { kinds: ['reports'], minLevel: 'info' } });
      await alerts.start();
      alerts.setSchedule({ enabled: true, timeZone: 'Europe/Berlin', daily: ['07:00', '19:00'], weekly: { day: 'monday', time: '07:00' } });
      const before = stubs.slack.posts.length;
      const reports = () => stubs.slack.posts.slice(before).map((post) => post.text.split('\n').slice(0, 2));
      const overnight = ['Halyard daily report · 2024-05-08 09:30 CEST', 'LATE: due 2024-05-08 07:00 CEST, while Halyard was closed · covers 2024-05-07 19:00 CEST until now'];

      await reopenAt('2024-05-08T07:30:00Z'); // closed overnight: the 07:00 report was missed
      // The channel's queue paces itself on the fake clock.
      const sent = async () => (await clock.advance(0), reports());
      await until(sent, (texts) => texts.length >= 1, 'the late report');
      await reopenAt('2024-05-08T07:40:00Z'); // a restart: nothing new was missed
      await reopenAt('2024-05-14T07:00:00Z'); // closed for six days, across Monday's weekly report: one report, the weekly
      await until(sent, (texts) => texts.length >= 2, 'the late weekly report');
      expect(reports()).toEqual([overnight, ['Halyard weekly report · 2024-05-14 09:00 CEST', 'LATE: due 2024-05-13 07:00 CEST, while Halyard was closed · covers 2024-05-06 07:00 CEST until now']]);
      expect((await alerts.admin.deliveries(record.id, 10)).map((d) => [d.kind, d.status])).toEqual(Array(2).fill(['reports', 'sent']));
    } finally {
      await alerts.stop();
      await running.close();
    }
  });
});

describe('the report in the app, and price alerts', () => {
  const terminals = restartableTerminal();

  it('shows P&L, positions with their protection and what needs attention, and exports it as Markdown', async () => {
    const api = await terminals.start({ dataDir: terminals.dataDir('halyard-alerts-report-'), speed: 600, tickMs: 20 });
    await marketFill(api, 'buy', '0.1');
    await api.call('risk.emergencyStop', { source: 'button', reason: 'lunch' });
    const { report, markdown, text } = await api.call('alerts.report', { period: 'daily' });
    expect(report.accounts).toBe('PAPER');
    expect(report.positions).toMatchObject([{ account: 'paper', symbol: 'ETH/USDT', quantity: 0.1, source: 'manual', protectedByStop: false, protection: 'NO STOP' }]);
    expect(report.attention[0]).toMatch(/^HALTED since .* by button: lunch \(re-arm at the desk\)$/);
    expect(report.attention).toContain('PAPER ETH/USDT (manual) has no stop loss');
    expect(report.pnl?.all.fees).toBeGreaterThan(0);
    expect(markdown).toMatch(/^# Halyard daily report — \d{4}-\d\d-\d\d \d\d:\d\d /);
    expect(markdown).toContain('| Account | Symbol | Owner | Quantity | Entry | Mark | Unrealized | Protection |');
    expect(markdown).toMatch(/\| PAPER \| ETH\/USDT \| manual \| 0\.1 \| [\d,]+\.\d\d \| [\d,]+\.\d\d \| [+−]?[\d.]+ USDT \| NO STOP \|/);
    expect(markdown).toContain('| **Net** |');
    expect(text.split('\n')[1]).toBe('PAPER · regime NORMAL');
  });

  it('gives P&L lines whose parts add up to the net, on the phone and in the export', async () => {
    const api = await terminals.start({ dataDir: terminals.dataDir('halyard-alerts-report-sum-'), speed: 600, tickMs: 20 });
    // Half a position closed (realized, after its fees) and half still held (its entry fee paid, not yet in realized).
    await marketFill(api, 'buy', '0.2');
    await marketFill(api, 'sell', '0.1');
    const { report, text, markdown } = await api.call('alerts.report', { period: 'now' });
    const today = report.pnl!.today;
    expect(today.openFees).toBeGreaterThan(0);
    expect(today.fees).toBeGreaterThan(today.openFees);
    const amount = '([+−]?[\\d,.]+) USDT';
    const line = new RegExp(`\\nToday: ${amount} \\(realized after fees ${amount}, unrealized ${amount}, entry fees of open positions ${amount}; fees paid in all ${amount}\\)\\n`).exec(text);
    expect(line, text).not.toBeNull();
    const [net, realized, unrealized, openFees, fees] = line!.slice(1).map((shown) => Number(shown.replace(/,/g, '').replace('−', '-')));
    // What the trader reads adds up, to the rounding of the figures shown.
    expect(Math.abs(realized! + unrealized! + openFees! - net!)).toBeLessThanOrEqual(0.015);
    expect(openFees).toBeLessThan(0);
    expect(fees).toBeGreaterThan(0);
    expect(markdown).toMatch(/\| Entry fees of open positions \| −[\d.]+ USDT \|/);
  });

  it('fires a price alert once when the price gets there, to the channels routed for it', async () => {
    const api = await terminals.start({ dataDir: terminals.dataDir('halyard-alerts-price-'), speed: 600, tickMs: 20 });
    const channel = await api.call('alerts.channels.add', { kind: 'webhook', name: 'prices', url: stubs.webhook.endpoint('/prices'), signingSecret: 'halyard-test-signing-secret-0123', routing: { kinds: ['price_alerts'], minLevel: 'info' } });
    const last = await until(async () => (await api.call('market.watchlist', {})).find((row) => row.symbol === 'BTC/USDT')?.last ?? null, (value) => value !== null, 'a BTC price');
    const already = await api.call('alerts.prices.add', { symbol: 'BTC/USDT', direction: 'above', price: last! * 0.5 }).catch((error: unknown) => error);
    expect(already).toMatchObject({ code: 'rejected', issues: [{ path: 'price' }] });
    // One of the two is reached as soon as the price moves at all.
    await api.call('alerts.prices.add', { symbol: 'BTC/USDT', direction: 'above', price: last! * 1.000_001 });
    await api.call('alerts.prices.add', { symbol: 'BTC/USDT', direction: 'below', price: last! * 0.999_999 });
    await until(() => api.call('alerts.prices.list', {}), (list) => list.some((alert) => alert.triggeredAt !== null), 'a price alert to fire', 60_000);
    const fired = (await api.call('alerts.prices.list', {})).filter((alert) => alert.triggeredAt !== null);
    const log = await settled(api, channel.id, fired.length);
    // Each alert that fired was delivered once, saying which way the price went.
    for (const alert of fired) {
      const word = alert.direction === 'above' ? 'rose' : 'fell';
      const lines = log.filter((entry) => entry.text.endsWith(`(${alert.direction} ${formatPrice(alert.price)})`));
      expect(lines, alert.direction).toHaveLength(1);
      expect(lines[0]).toMatchObject({ kind: 'price_alerts', status: 'sent', text: expect.stringMatching(new RegExp(`^PAPER · Price alert: BTC/USDT ${word} to [\\d,.]+ \\(`)) });
    }
    expect(stubs.webhook.deliveries.filter((d) => d.kind === 'price_alerts').length).toBe(log.length);
    const hit = fired[0]!;
    await api.call('alerts.prices.remove', { id: hit.id });
    expect((await api.call('alerts.prices.list', {})).map((alert) => alert.id)).not.toContain(hit.id);
  });
});
