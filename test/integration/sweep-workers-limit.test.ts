import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import type { EventPayload } from '../../core/api/contract/index.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../core/market/simulator.js';
import { apiTerminal } from '../helpers/api-terminal.js';

const exec = promisify(execFile);
/** One more worker than this machine holds by its cores (4 each), within the 256 the API's schema takes. */
const TOO_MANY = availableParallelism() * 4 + 1;
const LIMIT = new RegExp(`^must be a whole number from 1 to \\d+ on this machine \\(4 per core on its ${availableParallelism()} cores?, and as many as half its free memory \\([\\d.]+ [GM]B\\) holds at ~\\d+ MB a worker for [\\d,]+ bars\\), got ${TOO_MANY}$`);

/**
 * A sweep asking for more worker threads than the machine holds (each its own heap, strategy, risk gate and
 * engine state) is refused by the field's name before any worker starts, over the API and in the CLI.
 */
describe.runIf(TOO_MANY <= 256)('sweep workers beyond what the machine holds', { timeout: 120_000 }, () => {
  let api: ApiClient;
  let close: () => Promise<void>;
  const progress: EventPayload<'backtest.sweepProgress'>[] = [];

  beforeAll(async () => {
    ({ api, close } = await apiTerminal());
    api.on('backtest.sweepProgress', (payload) => progress.push(payload));
  });
  afterAll(() => close());

  it('backtest.sweep refuses them naming Workers and the rule, and runs nothing', async () => {
    const sweep = api.call('backtest.sweep', { runId: 'crowd', strategy: 'sma-cross', sweep: { fast: [5, 15, 5] }, workers: TOO_MANY, risk: false, source: { kind: 'simulated', seed: 4, bars: 2_000 } });
    const refused = (await sweep.then(() => null, (error: unknown) => error)) as { code: string; message: string; issues: { path: string; message: string }[] } | null;
    expect(refused?.code).toBe('bad_request');
    expect(refused?.message.slice(0, 'Workers: '.length)).toBe('Workers: ');
    expect(refused?.message.slice('Workers: '.length)).toMatch(LIMIT);
    expect(refused?.issues.map((issue) => issue.path)).toEqual(['workers']);
    expect(progress.filter((event) => event.runId === 'crowd')).toEqual([]);
  });

  it('npm run backtest -- --sweep … --workers refuses them in the flag\'s words, exit code 2', async () => {
    const csv = join(mkdtempSync(join(tmpdir(), 'halyard-workers-')), 'SOLUSDT-1m.csv');
    const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[2]!, 4, Date.UTC(2024, 5, 1), 3_000);
    writeFileSync(csv, `open_time,open,high,low,close,volume,ignore\n${candles.map((c) => `${c.time},${c.open},${c.high},${c.low},${c.close},${c.volume},0`).join('\n')}\n`);
    const run = await exec(process.execPath, ['scripts/cli.mjs', 'backtest', '--strategy', 'sma-cross', '--data', csv, '--sweep', '{"fast":[5,10,5]}', '--workers', String(TOO_MANY), '--no-risk']).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^error: --workers ${LIMIT.source.slice(1, -(`got ${TOO_MANY}$`).length)}got "${TOO_MANY}"\\n$`));
  });
});
