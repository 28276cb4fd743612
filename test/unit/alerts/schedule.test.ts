import { describe, expect, it } from 'vitest';
import { formatLocalTime } from '../../../core/alerts/format.js';
import { ReportScheduler, type ReportPeriod } from '../../../core/alerts/report-scheduler.js';
import { ReportLedger } from '../../../core/alerts/missed-reports.js';
import { isTimeZone, nextFireTime, previousFireTime, zonedInstant } from '../../../core/alerts/schedule.js';
import { FakeClock } from '../../helpers/fake-clock.js';

const utc = (iso: string) => Date.parse(iso);
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

describe('report times in the trader’s time zone', () => {
  it('keeps 07:00 at 07:00 local on both sides of a spring-forward night', () => {
    // Berlin: 2024-03-31 02:00 CET → 03:00 CEST (UTC+1 → UTC+2).
    expect(nextFireTime(utc('2024-03-29T12:00:00Z'), { time: '07:00' }, BERLIN)).toBe(utc('2024-03-30T06:00:00Z'));
    expect(nextFireTime(utc('2024-03-30T12:00:00Z'), { time: '07:00' }, BERLIN)).toBe(utc('2024-03-31T05:00:00Z'));
    // New York: 2024-03-10 02:00 EST → 03:00 EDT (UTC−5 → UTC−4).
    expect(nextFireTime(utc('2024-03-09T20:00:00Z'), { time: '19:00' }, NEW_YORK)).toBe(utc('2024-03-10T00:00:00Z'));
    expect(nextFireTime(utc('2024-03-10T00:00:00Z'), { time: '19:00' }, NEW_YORK)).toBe(utc('2024-03-10T23:00:00Z'));
  });

  it('fires a time the clocks skip just after the gap, and a time that happens twice only once', () => {
    expect(zonedInstant({ year: 2024, month: 3, day: 31 }, 2, 30, BERLIN)).toBe(utc('2024-03-31T01:30:00Z'));
    expect(formatLocalTime(utc('2024-03-31T01:30:00Z'), BERLIN)).toBe('2024-03-31 03:30 CEST');
    // Berlin 2024-10-27: 03:00 CEST → 02:00 CET, so 02:30 happens at 00:30Z and again at 01:30Z.
    expect(zonedInstant({ year: 2024, month: 10, day: 27 }, 2, 30, BERLIN)).toBe(utc('2024-10-27T00:30:00Z'));
    expect(nextFireTime(utc('2024-10-27T00:30:00Z'), { time: '02:30' }, BERLIN)).toBe(utc('2024-10-28T01:30:00Z'));
    expect(zonedInstant({ year: 2024, month: 3, day: 10 }, 2, 30, NEW_YORK)).toBe(utc('2024-03-10T07:30:00Z'));
  });

  it('finds the next Monday for the weekly report, across a DST change', () => {
    expect(nextFireTime(utc('2024-03-08T15:00:00Z'), { time: '07:00', day: 'monday' }, NEW_YORK)).toBe(utc('2024-03-11T11:00:00Z'));
    expect(nextFireTime(utc('2024-10-22T15:00:00Z'), { time: '07:00', day: 'monday' }, BERLIN)).toBe(utc('2024-10-28T06:00:00Z'));
    // Exactly at a fire time, the next one is a week later.
    expect(nextFireTime(utc('2024-10-28T06:00:00Z'), { time: '07:00', day: 'monday' }, BERLIN)).toBe(utc('2024-11-04T06:00:00Z'));
  });

  it('knows real time zones and refuses made-up ones', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('ReportScheduler on a fake clock', () => {
  function run(start: string, timeZone: string) {
    const clock = new FakeClock(utc(start));
    const fired: { period: ReportPeriod; at: string }[] = [];
    const scheduler = new ReportScheduler(clock, (period, at) => fired.push({ period, at: formatLocalTime(at, timeZone) }));
    scheduler.start({ enabled: true, timeZone, daily: ['07:00', '19:00'], weekly: { day: 'monday', time: '07:00' } });
    return { clock, fired, scheduler };
  }

  it('sends the reports at 07:00 and 19:00 local through a spring-forward weekend, the Monday one as the weekly', async () => {
    const { clock, fired } = run('2024-03-30T10:00:00Z', BERLIN);
    await clock.advance(3 * 86_400_000);
    expect(fired).toEqual([
      { period: 'daily', at: '2024-03-30 19:00 CET' },
      { period: 'daily', at: '2024-03-31 07:00 CEST' },
      { period: 'daily', at: '2024-03-31 19:00 CEST' },
      { period: 'weekly', at: '2024-04-01 07:00 CEST' },
      { period: 'daily', at: '2024-04-01 19:00 CEST' },
      { period: 'daily', at: '2024-04-02 07:00 CEST' },
    ]);
  });

  it('does the same through a fall-back night in New York', async () => {
    const { clock, fired } = run('2024-11-02T20:00:00Z', NEW_YORK);
    await clock.advance(2 * 86_400_000);
    expect(fired.map((f) => f.at)).toEqual(['2024-11-02 19:00 GMT-4', '2024-11-03 07:00 GMT-5', '2024-11-03 19:00 GMT-5', '2024-11-04 07:00 GMT-5']);
    expect(fired.map((f) => f.period)).toEqual(['daily', 'daily', 'daily', 'weekly']);
  });

  it('catches up once after the computer slept through a report, and sends nothing when switched off', async () => {
    const { clock, fired, scheduler } = run('2024-05-06T04:00:00Z', BERLIN);
    // Asleep from 06:00 to 09:00 local: the wake-up timer is late, the report goes out at once, once.
    await clock.advance(0);
    clock.jump(utc('2024-05-06T07:00:00Z') - clock.now());
    await clock.advance(60_000);
    expect(fired).toEqual([{ period: 'weekly', at: '2024-05-06 09:00 CEST' }]);
    scheduler.start({ enabled: false, timeZone: BERLIN, daily: ['07:00'], weekly: null });
    await clock.advance(3 * 86_400_000);
    expect(fired).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });
});

describe('reports missed while Halyard was closed', () => {
  const schedule = { enabled: true, timeZone: BERLIN, daily: ['07:00', '19:00'], weekly: { day: 'monday' as const, time: '07:00' } };
  const memory = () => {
    const rows = new Map<string, unknown>();
    return { getRaw: (key: string) => rows.get(key), set: (key: string, value: unknown) => void rows.set(key, value) };
  };

  it('finds the last report time at or before a moment', () => {
    expect(previousFireTime(utc('2024-05-08T07:30:00Z'), { time: '07:00' }, BERLIN)).toBe(utc('2024-05-08T05:00:00Z'));
    expect(previousFireTime(utc('2024-05-08T05:00:00Z'), { time: '07:00' }, BERLIN)).toBe(utc('2024-05-08T05:00:00Z'));
    expect(previousFireTime(utc('2024-05-08T04:59:00Z'), { time: '07:00', day: 'monday' }, BERLIN)).toBe(utc('2024-05-06T05:00:00Z'));
  });

  it('sends only the latest missed one, the weekly standing for the daily, once; nothing on a first start or for times a new schedule put in the past', () => {
    const ledger = new ReportLedger(memory());
    expect(ledger.catchUp(schedule, utc('2024-05-07T18:30:00Z'))).toBeNull(); // first start: nothing recorded, nothing missed
    // Closed from Tuesday 20:30 to Thursday 20:00 (Berlin): one report, the 19:00 one.
    expect(ledger.catchUp(schedule, utc('2024-05-09T18:00:00Z'))).toEqual({ period: 'daily', dueAt: utc('2024-05-09T17:00:00Z'), since: utc('2024-05-07T17:00:00Z') });
    expect(ledger.catchUp(schedule, utc('2024-05-09T18:10:00Z'))).toBeNull();
    ledger.record({ daily: utc('2024-05-10T05:00:00Z') }); // sent on time on Friday
    expect(ledger.catchUp(schedule, utc('2024-05-13T06:00:00Z'))).toEqual({ period: 'weekly', dueAt: utc('2024-05-13T05:00:00Z'), since: utc('2024-05-06T05:00:00Z') });
    ledger.restart({ ...schedule, daily: ['07:00', '12:00'] }, utc('2024-05-13T10:30:00Z'));
    expect(ledger.catchUp({ ...schedule, daily: ['07:00', '12:00'] }, utc('2024-05-13T10:40:00Z'))).toBeNull();
    expect(ledger.catchUp({ ...schedule, enabled: false }, utc('2024-05-20T10:40:00Z'))).toBeNull();
  });
});
