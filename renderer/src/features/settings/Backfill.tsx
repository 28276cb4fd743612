import { useEffect, useState, type FormEvent } from 'react';
import type { BackfillJob, Coverage } from '../../../../core/api/contract/data';
import { TIMEFRAMES, type Timeframe } from '../../../../core/market/candle';
import { api } from '../../api/client';
import { describeError, fieldErrors, formError } from '../../api/errors';
import { formatDateTime } from '../../app/format';
import { describedBy, FieldRow, TextRow } from '../../app/forms/FieldRow';
import { Progress } from '../../app/Progress';

/** The arguments this form shows beside a field of its own; anything else the core says goes under the form. */
const SHOWN = ['exchange', 'symbol', 'timeframe', 'from', 'to'];

const STATE_TONE: Record<BackfillJob['state'], string> = { running: '', done: 'ok', canceled: 'muted', failed: 'form-error' };

/** Candle history into the store: a background job per request, with progress, estimate, cancel and a gap report. */
export function Backfill() {
  const [jobs, setJobs] = useState<BackfillJob[]>([]);
  const [exchange, setExchange] = useState('binance');
  const [symbol, setSymbol] = useState('BTC/USDT');
  const [timeframe, setTimeframe] = useState<Timeframe>('1m');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    api.call('data.jobs', {}).then(setJobs).catch((reason: unknown) => setProblem(describeError(reason)));
    const off = api.on('data.progress', (job) => setJobs((list) => [job, ...list.filter((j) => j.jobId !== job.jobId)]));
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => {
      off();
      clearInterval(timer);
    };
  }, []);

  // Each field's problem beside it, what was typed kept; under the form only what no field shows.
  const refused = (reason: unknown) => {
    setErrors(fieldErrors(reason));
    setProblem(formError(reason, (path) => SHOWN.includes(path)));
  };
  const start = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      await api.call('data.backfill', { exchange: exchange.trim(), symbol: symbol.trim().toUpperCase(), timeframe, from: from.trim(), ...(to.trim() ? { to: to.trim() } : {}) });
    } catch (reason) {
      refused(reason);
    }
  };
  const checkCoverage = async () => {
    setErrors({});
    setProblem(null);
    try {
      setCoverage(await api.call('data.coverage', { exchange: exchange.trim(), symbol: symbol.trim().toUpperCase(), timeframe }));
    } catch (reason) {
      refused(reason);
    }
  };
  const cancel = (jobId: string) => void api.call('data.cancel', { jobId }).catch((reason: unknown) => setProblem(describeError(reason)));

  return (
    <div className="backfill">
      <form className="form-grid" onSubmit={(e) => void start(e)} aria-label="Backfill candles" noValidate>
        <TextRow id="bf-exchange" label="Backfill exchange" error={errors['exchange']} value={exchange} onChange={setExchange} />
        <TextRow id="bf-symbol" label="Symbol" error={errors['symbol']} value={symbol} onChange={setSymbol} />
        <FieldRow id="bf-timeframe" label="Timeframe" error={errors['timeframe']}>
          <select id="bf-timeframe" value={timeframe} onChange={(e) => setTimeframe(e.target.value as Timeframe)} {...describedBy('bf-timeframe', errors['timeframe'])}>
            {TIMEFRAMES.map((tf) => (
              <option key={tf}>{tf}</option>
            ))}
          </select>
        </FieldRow>
        <TextRow id="bf-from" label="From" error={errors['from']} placeholder="2024-01-01" value={from} onChange={setFrom} />
        <TextRow id="bf-to" label="To" error={errors['to']} placeholder="now" value={to} onChange={setTo} />
        <span />
        <span className="button-row">
          <button type="submit" className="small-btn primary">
            Start backfill
          </button>
          <button type="button" className="small-btn" onClick={() => void checkCoverage()}>
            What is stored?
          </button>
        </span>
      </form>
      {problem ? (
        <p className="form-error small" role="alert">
          {problem}
        </p>
      ) : null}
      {coverage ? (
        <p className="small" data-testid="coverage">
          {coverage.count === 0
            ? `Nothing stored for ${coverage.exchange} ${coverage.symbol} ${coverage.timeframe}.`
            : `${coverage.count.toLocaleString('en-US')} bars of ${coverage.exchange} ${coverage.symbol} ${coverage.timeframe} from ${formatDateTime(coverage.first ?? 0)} to ${formatDateTime(coverage.last ?? 0)} UTC; ${coverage.gaps} gaps (${coverage.missingBars} bars missing).`}
        </p>
      ) : null}
      {jobs.map((job) => (
        <div key={job.jobId} className="job" data-job={job.jobId}>
          {job.state === 'running' ? (
            <Progress label={`${job.exchange} ${job.symbol} ${job.timeframe}: ${job.message}`} done={job.done} total={job.total} startedAt={job.startedAt} now={now} etaMs={job.etaMs} onCancel={() => cancel(job.jobId)} />
          ) : (
            <p className={`small ${STATE_TONE[job.state]}`}>
              {job.exchange} {job.symbol} {job.timeframe} — {job.state}: {job.message} ({job.stored.toLocaleString('en-US')} candles stored
              {job.gaps.count ? `; ${job.gaps.count} gaps the exchange cannot fill, ${job.gaps.bars} bars` : ''})
            </p>
          )}
        </div>
      ))}
    </div>
  );
}
