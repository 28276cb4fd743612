import { useEffect, useState } from 'react';
import { formatLocalTime, WEEKDAYS } from '../../../../../core/api/contract/alerts';
import type { CommandResult } from '../../../../../core/api/contract/index';
import { api } from '../../../api/client';
import { describeError, fieldErrors, formError } from '../../../api/errors';
import { describedBy, FieldError, TextRow } from '../../../app/forms/FieldRow';
import { download } from '../../history/csv';
import { PanelNote, type PanelMessage } from './shared';

type Schedule = CommandResult<'alerts.schedule.get'>;
type Weekday = (typeof WEEKDAYS)[number];

/** The arguments the schedule form shows beside a field of its own (a daily time: beside Daily at). */
const SHOWN = ['timeZone', 'daily', 'weekly', 'weekly.day', 'weekly.time'];

/**
 * Scheduled reports (times in the trader's own time zone) and the same report on demand: viewed here
 * and exported as Markdown.
 */
export function ReportsPanel() {
  const [schedule, setSchedule] = useState<Schedule | null>(null);
  const [daily, setDaily] = useState('');
  const [report, setReport] = useState<{ markdown: string; text: string } | null>(null);
  const [message, setMessage] = useState<PanelMessage>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    api
      .call('alerts.schedule.get', {})
      .then((s) => {
        setSchedule(s);
        setDaily(s.daily.join(', '));
      })
      .catch((reason: unknown) => setMessage({ kind: 'error', text: describeError(reason) }));
  }, []);

  const save = async () => {
    if (!schedule) return;
    const times = daily.split(/[\s,]+/).filter(Boolean);
    setErrors({});
    try {
      const saved = await api.call('alerts.schedule.set', { enabled: schedule.enabled, timeZone: schedule.timeZone, daily: times, weekly: schedule.weekly });
      setSchedule(saved);
      setDaily(saved.daily.join(', '));
      const next = saved.upcoming[0];
      setMessage({ kind: 'ok', text: next ? `Saved. Next report: ${formatLocalTime(next.at, saved.timeZone)} (${next.period}).` : 'Saved. Scheduled reports are off.' });
    } catch (reason) {
      // Each time or zone the core refuses is named beside its field; under the panel only what no field shows.
      const lists = { daily: times };
      setErrors(fieldErrors(reason, lists));
      const problem = formError(reason, (path) => SHOWN.includes(path), lists);
      setMessage(problem === null ? null : { kind: 'error', text: problem });
    }
  };
  const weeklyError = errors['weekly.time'] ?? errors['weekly.day'] ?? errors['weekly'];
  const show = async () => {
    try {
      const result = await api.call('alerts.report', { period: 'now' });
      setReport({ markdown: result.markdown, text: result.text });
    } catch (reason) {
      setMessage({ kind: 'error', text: describeError(reason) });
    }
  };

  return (
    <section className="reports" aria-label="Reports">
      <h3>Reports</h3>
      {schedule ? (
        <div className="form-grid">
          <label htmlFor="report-enabled">Scheduled reports</label>
          <input id="report-enabled" type="checkbox" checked={schedule.enabled} onChange={(e) => setSchedule({ ...schedule, enabled: e.target.checked })} />
          <TextRow id="report-zone" label="Time zone" error={errors['timeZone']} placeholder="e.g. Europe/Berlin" value={schedule.timeZone} onChange={(timeZone) => setSchedule({ ...schedule, timeZone })} />
          <TextRow id="report-daily" label="Daily at" error={errors['daily']} placeholder="07:00, 19:00" value={daily} onChange={setDaily} />
          <label htmlFor="report-weekly-day">Weekly on</label>
          <span className="field-box">
            <span>
              <select
                id="report-weekly-day"
                value={schedule.weekly?.day ?? ''}
                onChange={(e) => setSchedule({ ...schedule, weekly: e.target.value ? { day: e.target.value as Weekday, time: schedule.weekly?.time ?? '07:00' } : null })}
              >
                <option value="">never</option>
                {WEEKDAYS.map((day) => (
                  <option key={day} value={day}>
                    {day[0]!.toUpperCase() + day.slice(1)}
                  </option>
                ))}
              </select>{' '}
              <input
                aria-label="Weekly at"
                value={schedule.weekly?.time ?? ''}
                disabled={!schedule.weekly}
                onChange={(e) => schedule.weekly && setSchedule({ ...schedule, weekly: { ...schedule.weekly, time: e.target.value } })}
                size={5}
                {...describedBy('report-weekly', weeklyError)}
              />
            </span>
            <FieldError id="report-weekly-error" message={weeklyError} />
          </span>
          <span />
          <button type="button" onClick={() => void save()}>
            Save schedule
          </button>
        </div>
      ) : null}
      <div className="actions">
        <button type="button" onClick={() => void show()}>
          View report
        </button>
        <button type="button" disabled={!report} onClick={() => report && download(`halyard-report-${new Date().toISOString().slice(0, 16).replace(':', '')}.md`, report.markdown, 'text/markdown;charset=utf-8')}>
          Export Markdown
        </button>
      </div>
      {report ? (
        <pre className="report-text" aria-label="Report">
          {report.text}
        </pre>
      ) : null}
      <PanelNote message={message} />
    </section>
  );
}
