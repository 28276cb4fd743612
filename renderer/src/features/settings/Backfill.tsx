import { useEffect, useState, type FormEvent } from 'react';
import type { BackfillJob, Coverage } from '../../../../core/api/contract/data';
import { TIMEFRAMES, type Timeframe } from '../../../../core/market/candle';
import { api } from '../../api/client';
import { describeError, fieldErrors } from '../../api/errors';
import { formatDateTime } from '../../app/format';
import { Progress } from '../../app/Progress';

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

  const start = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      await api.call('data.backfill', { exchange: exchange.trim(), symbol: symbol.trim().toUpperCase(), timeframe, from: from.trim(), ...(to.trim() ? { to: to.trim() } : {}) });
    } catch (reason) {
      setErrors(fieldErrors(reason));
      setProblem(describeError(reason));
    }
  };
  const checkCoverage = async () => {
    try {
      setCoverage(await api.call('data.coverage', { exchange: exchange.trim(), symbol: symbol.trim().toUpperCase(), timeframe }));
    } catch (reason) {
      setProblem(describeError(reason));
    }
  };
  const cancel = (jobId: string) => void api.call('data.cancel', { jobId }).catch((reason: unknown) => setProblem(describeError(reason)));

  return (
    <div className="backfill">
      <form className="form-grid" onSubmit={(e) => void start(e)} aria-label="Backfill candles" noValidate>
        <label htmlFor="bf-exchange">Backfill exchange</label>
        <input id="bf-exchange" value={exchange} onChange={(e) => setExchange(e.target.value)} aria-invalid={!!errors.exchange} />
        <label htmlFor="bf-symbol">Symbol</label>
        <input id="bf-symbol" value={symbol} onChange={(e) => setSymbol(e.target.value)} aria-invalid={!!errors.symbol} />
        <label htmlFor="bf-timeframe">Timeframe</label>
        <select id="bf-timeframe" value={timeframe} onChange={(e) => setTimeframe(e.target.value as Timeframe)}>
          {TIMEFRAMES.map((tf) => (
            <option key={tf}>{tf}</option>
          ))}
        </select>
        <label htmlFor="bf-from">From</label>
        <span className="field-with-error">
          <input id="bf-from" value={from} onChange={(e) => setFrom(e.target.value)} placeholder="2024-01-01" aria-invalid={!!errors.from} />
          {errors.from ? <span className="field-error">{errors.from}</span> : null}
        </span>
        <label htmlFor="bf-to">To</label>
        <span className="field-with-error">
          <input id="bf-to" value={to} onChange={(e) => setTo(e.target.value)} placeholder="now" aria-invalid={!!errors.to} />
          {errors.to ? <span className="field-error">{errors.to}</span> : null}
        </span>
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
