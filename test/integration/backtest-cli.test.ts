import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../core/market/simulator.js';
import { dataDirWithReadmeExample } from '../helpers/readme-example.js';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'halyard-cli-'));

function cli(...args: string[]) {
  return exec('npx', ['tsx', 'core/host/cli/backtest.ts', ...args], { maxBuffer: 32 * 1024 * 1024 }).then(
    (out) => ({ code: 0, ...out }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** The command as `npm run backtest --` runs it: the bundled tool through its launcher. */
function launcher(...args: string[]) {
  return exec(process.execPath, ['scripts/cli.mjs', 'backtest', ...args], { maxBuffer: 32 * 1024 * 1024 }).then(
    (out) => ({ code: 0, ...out }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

function significantDigits(value: number): number {
  return String(Math.abs(value)).replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').length;
}

describe('npm run backtest', () => {
  const csv = join(dir, 'SOLUSDT-1m.csv');
  const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[2]!, 4, Date.UTC(2024, 5, 1), 3_000);
  writeFileSync(csv, `open_time,open,high,low,close,volume,ignore\n${candles.map((c) => `${c.time},${c.open},${c.high},${c.low},${c.close},${c.volume},0`).join('\n')}\n`);

  it('prints exactly the documented JSON with --json', async () => {
    const { code, stdout } = await cli('--strategy', 'sma-cross', '--data', csv, '--params', '{"fast":5,"slow":20,"stake":3}', '--fee', '0.001', '--slippage', '0', '--cash', '50000', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown> & { trades: Record<string, unknown>[]; metrics: Record<string, unknown> };
    expect(Object.keys(report)).toEqual(['trades', 'fills', 'metrics', 'riskEvents']);
    expect(Object.keys(report.metrics)).toEqual(['trades', 'winRate', 'profitFactor', 'totalReturn', 'maxDrawdown', 'sharpe', 'fees', 'finalValue']);
    expect(report.trades.length).toBeGreaterThan(5);
    expect(Object.keys(report.trades[0]!)).toEqual(['id', 'symbol', 'side', 'entryTime', 'exitTime', 'qty', 'entryPrice', 'exitPrice', 'fees', 'pnl', 'reason']);
    // No float noise a script would read (63597.590000000004): every figure fits in 15 significant digits.
    const noisy = (rows: Record<string, unknown>[]) => rows.flatMap((row) => Object.values(row).filter((v) => typeof v === 'number' && significantDigits(v) > 15));
    expect(noisy([...report.trades, ...(report.fills as Record<string, unknown>[]), report.metrics])).toEqual([]);
    expect(report.trades[0]).toMatchObject({ symbol: 'SOL/USDT', qty: 3, reason: 'signal' });
  }, 120_000);

  it('prints from its bundle what it prints from source, on the first run after a build and from V8\'s code cache after it', async () => {
    const bundles = join('dist', 'bundles');
    const caches = () => readdirSync(bundles).filter((name) => name.startsWith('backtest-command.cjs.') && name.endsWith('.cache'));
    await launcher('--help'); // builds the bundles if a source changed
    for (const name of caches()) rmSync(join(bundles, name));
    const short = join(dir, 'SOLUSDT-1m-short.csv');
    writeFileSync(short, `time,open,high,low,close,volume\n${candles.slice(0, 400).map((c) => `${c.time},${c.open},${c.high},${c.low},${c.close},${c.volume}`).join('\n')}\n`);
    const args = ['--data', short, '--params', '{"fast":5,"slow":20,"stake":3}', '--json'];
    const first = await launcher('--strategy', 'sma-cross', ...args);
    expect(first.stderr).toBe('');
    const [cache] = caches();
    expect(cache).toBeDefined();
    const written = statSync(join(bundles, cache!)).mtimeMs;
    const second = await launcher('--strategy', 'sma-cross', ...args);
    // The cache was taken: a refused one is written again after the run.
    expect(caches()).toEqual([cache]);
    expect(statSync(join(bundles, cache!)).mtimeMs).toBe(written);
    const source = await cli('--strategy', 'sma-cross', ...args);
    expect(source.code).toBe(0);
    expect(first.stdout).toBe(source.stdout);
    expect(second.stdout).toBe(source.stdout);
    // A trader's file: the bundled script loads esbuild to compile it; the same figures as the built-in.
    const fromFile = await launcher('--strategy', dataDirWithReadmeExample().file, ...args);
    expect(fromFile.stderr).toBe('');
    type Report = { trades: unknown[]; metrics: Record<string, unknown> };
    const builtin = JSON.parse(source.stdout) as Report;
    expect(builtin.trades.length).toBeGreaterThan(2);
    expect((JSON.parse(fromFile.stdout) as Report).metrics).toEqual(builtin.metrics);
  }, 120_000);

  it('stops on a bad CSV row with an error naming the line', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,1.5,10\n2024-01-01T00:01:00Z,1.5,2,1,1.8,-5\n');
    const { code, stderr } = await cli('--strategy', 'sma-cross', '--data', bad);
    expect(code).toBe(2);
    expect(stderr).toContain('bad.csv line 3: volume — volume -5 is negative');
  }, 120_000);

  it('prints its usage for --help and exits 0', async () => {
    const { code, stdout } = await launcher('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: npm run backtest -- --strategy <builtin-name\|path> --data <csv>/);
    expect(stdout).toContain('--sweep');
    expect(stdout).toContain('--walk-forward   train=90d,test=30d');
  }, 120_000);

  it('sweeps parameters: the variants by --sort as a table, all of them as JSON, the same figures as single runs', async () => {
    const table = await launcher('--strategy', 'sma-cross', '--data', csv, '--params', '{"stake":3}', '--sweep', '{"fast":[5,10,5],"slow":{"values":[20,40]}}', '--sort', 'sharpe', '--workers', '2', '--no-risk');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('sweep of sma-cross on SOL/USDT (1m, 3000 bars): 4 variants of 4 combinations on 2 workers');
    expect(table.stdout).toMatch(/top 4 by sharpe:\n#\s+fast\s+slow\s+trades/);
    const json = await launcher('--strategy', 'sma-cross', '--data', csv, '--params', '{"stake":3}', '--sweep', '{"fast":[5,10,5],"slow":{"values":[20,40]}}', '--no-risk', '--json');
    const result = JSON.parse(json.stdout) as { rows: { id: string; metrics: Record<string, unknown> }[] };
    expect(result.rows.map((row) => row.id)).toEqual(['fast=5 slow=20', 'fast=5 slow=40', 'fast=10 slow=20', 'fast=10 slow=40']);
    const single = JSON.parse((await launcher('--strategy', 'sma-cross', '--data', csv, '--params', '{"stake":3,"fast":10,"slow":40}', '--no-risk', '--json')).stdout) as { metrics: Record<string, unknown> };
    expect(result.rows[3]!.metrics).toMatchObject(single.metrics);
    // Sorted by a figure of no other column: the table shows it, so the order can be checked (fees: lowest first, in cents).
    const byFees = await launcher('--strategy', 'sma-cross', '--data', csv, '--params', '{"stake":3}', '--sweep', '{"fast":[5,10,5],"slow":{"values":[20,40]}}', '--sort', 'fees', '--workers', '2', '--no-risk');
    const lines = byFees.stdout.split('\n');
    expect(lines[2]).toMatch(/\bSharpe\s+fees$/);
    const fees = lines.slice(3, 7).map((text) => /(\d+\.\d{2})$/.exec(text)?.[1]);
    expect([...fees].sort()).toEqual(result.rows.map((row) => (row.metrics.fees as number).toFixed(2)).sort());
    expect(fees.map(Number)).toEqual([...fees.map(Number)].sort((a, b) => a - b));
  }, 120_000);

  it('sweeps a trader\'s strategy file (each worker opens it in a sandbox of its own) to the built-in\'s figures', async () => {
    const { file } = dataDirWithReadmeExample();
    const sweep = (strategy: string) => launcher('--strategy', strategy, '--data', csv, '--params', '{"stake":3}', '--sweep', '{"fast":[5,10,5],"slow":{"values":[20,40]}}', '--workers', '2', '--no-risk', '--json');
    const [fromFile, builtin] = await Promise.all([sweep(file), sweep('sma-cross')]);
    expect(fromFile.stderr).toBe('');
    type Rows = { strategy: string; rows: { id: string; metrics: Record<string, unknown> }[] };
    const own = JSON.parse(fromFile.stdout) as Rows;
    expect(own.strategy).toBe('my-sma-cross');
    expect(own.rows.map((row) => [row.id, row.metrics])).toEqual((JSON.parse(builtin.stdout) as Rows).rows.map((row) => [row.id, row.metrics]));
  }, 120_000);

  it('refuses a bad sweep before running anything, naming the parameter', async () => {
    const run = (sweep: string, ...more: string[]) => launcher('--strategy', 'sma-cross', '--data', csv, '--sweep', sweep, ...more);
    expect((await run('{"fast":[50,5,5]}')).stderr).toBe('error: --sweep fast: from 50 is above to 5\n');
    expect((await run('{"fast":[5,50,-1]}')).stderr).toBe('error: --sweep fast: step must be positive, got -1\n');
    expect((await run('{"fats":[5,50,5]}')).stderr).toContain('error: --sweep fats: not a parameter of sma-cross (its parameters: fast, slow, stake, timeframe)');
    expect((await run('{"fast":[5,50,5]}', '--walk-forward', 'train=90d')).stderr).toContain('--walk-forward: must look like train=90d,test=30d');
    expect((await run('{"fast":[5,50,5]}', '--walk-forward', 'train=90d,test=30d')).stderr).toContain('--walk-forward: the data spans 2.08 days');
    expect((await run('not json')).code).toBe(2);
    // Not a thread per variant: a huge --workers is refused by name, as the API refuses it.
    const huge = await run('{"fast":[5,10,5]}', '--workers', '100000');
    expect(huge).toMatchObject({ code: 2, stderr: 'error: --workers must be a whole number from 1 to 256, got "100000"\n' });
    expect((await run('{"fast":{"values":[10,10]}}')).stderr).toBe('error: --sweep fast: 10 is listed twice\n');
    // A seed draws a random sample's variants: without --random every combination runs, and the seed would be lost.
    expect(await run('{"fast":[5,10,5]}', '--seed', '7')).toMatchObject({ code: 2, stderr: 'error: --seed picks the draws of a random sample: add --random N (every combination runs without it)\n' });
  }, 120_000);

  it('says a timeframe finer than the file\'s bars before running, in a backtest and a sweep', async () => {
    const hourly = join(dir, 'SOLUSDT-1h.csv');
    writeFileSync(hourly, `time,open,high,low,close,volume\n${candles.slice(0, 200).map((c, i) => `${Date.UTC(2024, 5, 1) + i * 3_600_000},${c.open},${c.high},${c.low},${c.close},${c.volume}`).join('\n')}\n`);
    const said = 'sma-cross on 1m bars needs data of 1m or finer; the data is 1h bars: set its timeframe to 1h or coarser';
    expect(await launcher('--strategy', 'sma-cross', '--data', hourly, '--params', '{"timeframe":"1m"}')).toMatchObject({ code: 2, stderr: `error: ${said}\n` });
    expect(await launcher('--strategy', 'sma-cross', '--data', hourly, '--sweep', '{"timeframe":{"values":["1m","4h"]}}')).toMatchObject({ code: 2, stderr: `error: --sweep timeframe: timeframe=1m: ${said}\n` });
  }, 120_000);

  it('refuses --timeframe beside a different timeframe parameter, rather than running on one of them', async () => {
    const both = await launcher('--strategy', 'sma-cross', '--data', csv, '--timeframe', '5m', '--params', '{"timeframe":"15m"}');
    expect(both).toMatchObject({ code: 2, stdout: '', stderr: 'error: --timeframe 5m and the timeframe parameter 15m contradict each other: drop one\n' });
    // The same timeframe said twice is no contradiction.
    expect((await launcher('--strategy', 'sma-cross', '--data', csv, '--timeframe', '5m', '--params', '{"timeframe":"5m"}', '--no-risk')).stdout).toMatch(/ — params \{"fast":20,"slow":60,"stake":0.01,"timeframe":"5m"\}\n/);
  }, 120_000);

  it('dates each walk-forward fold from its first bar\'s open, as the file\'s rows are', async () => {
    const { stdout } = await launcher('--strategy', 'sma-cross', '--data', csv, '--params', '{"stake":3}', '--sweep', '{"fast":[5,10,5]}', '--walk-forward', 'train=1d,test=12h', '--no-risk');
    // The file's first row opens at 2024-06-01 00:00; one day of training, then 12 hours of test.
    expect(stdout).toMatch(/\n {2}2024-06-01 00:00 → 2024-06-02 00:00 → 2024-06-02 12:00: fast=\d+ — train /);
  }, 120_000);

  it('draws --random N variants the strategy accepts, however many combinations it refuses', async () => {
    const json = await launcher('--strategy', 'sma-cross', '--data', csv, '--sweep', '{"fast":[5,100,5],"slow":[20,100,10]}', '--random', '30', '--seed', '3', '--no-risk', '--json');
    const result = JSON.parse(json.stdout) as { rows: { id: string }[]; skipped: number };
    expect(result.rows).toHaveLength(30);
    expect(result.skipped).toBeGreaterThan(0);
    const text = await launcher('--strategy', 'sma-cross', '--data', csv, '--sweep', '{"fast":[5,100,5],"slow":[20,100,10]}', '--random', '30', '--seed', '3', '--no-risk');
    expect(text.stdout).toMatch(new RegExp(`^sweep of sma-cross on SOL/USDT \\(1m, 3000 bars\\): 30 variants drawn at random of 180 combinations on \\d+ workers? in \\d+\\.\\d s; replaced ${result.skipped} the strategy refuses \\(fast: fast must be shorter than slow\\)\n`));
  }, 120_000);

  it('sweeps fast under a fixed slow below fast\'s default: the default, never run, does not refuse the sweep', async () => {
    // fast's default 20 is not shorter than slow 10, but every swept fast (3, 4, 5) is: the sweep runs them all.
    const swept = await launcher('--strategy', 'sma-cross', '--data', csv, '--params', '{"slow":10,"stake":3}', '--sweep', '{"fast":[3,5,1]}', '--no-risk', '--workers', '1', '--json');
    expect(swept.stderr).toBe('');
    const rows = (JSON.parse(swept.stdout) as { rows: { id: string; metrics: Record<string, unknown> }[] }).rows;
    expect(rows.map((row) => row.id)).toEqual(['fast=3', 'fast=4', 'fast=5']);
    const single = JSON.parse((await launcher('--strategy', 'sma-cross', '--data', csv, '--params', '{"fast":4,"slow":10,"stake":3}', '--no-risk', '--json')).stdout) as { metrics: Record<string, unknown> };
    expect(rows[1]!.metrics).toMatchObject(single.metrics);
    // A fixed value no variant can take is still refused by its name.
    expect((await launcher('--strategy', 'sma-cross', '--data', csv, '--params', '{"slow":10}', '--sweep', '{"fast":[12,15,1]}')).stderr).toBe('error: strategy sma-cross failed in validate: invalid parameters — fast: fast must be shorter than slow\n');
  }, 120_000);

  it('says a file name gave no symbol, and how to name it, without changing the report', async () => {
    const unnamed = join(dir, 'prices.csv');
    writeFileSync(unnamed, `open_time,open,high,low,close,volume\n${candles.slice(0, 400).map((c) => `${c.time},${c.open},${c.high},${c.low},${c.close},${c.volume}`).join('\n')}\n`);
    const note = 'note: the symbol was not recognised from the file name prices.csv, so the run is labelled REPLAY/USD; pass --symbol BASE/QUOTE (e.g. --symbol BTC/USDT) to name it\n';
    const json = await cli('--strategy', 'sma-cross', '--data', unnamed, '--params', '{"fast":5,"slow":20,"stake":3}', '--json');
    expect(json.code).toBe(0);
    expect(json.stderr).toBe(note);
    const report = JSON.parse(json.stdout) as { trades: { symbol: string }[] };
    expect(Object.keys(report)).toEqual(['trades', 'fills', 'metrics', 'riskEvents']);
    expect(report.trades[0]?.symbol).toBe('REPLAY/USD');
    const text = await launcher('--strategy', 'sma-cross', '--data', unnamed, '--params', '{"fast":5,"slow":20,"stake":3}');
    expect(text.stderr).toBe(note);
    expect(text.stdout).toMatch(/^sma-cross on REPLAY\/USD /);
    const named = await launcher('--strategy', 'sma-cross', '--data', unnamed, '--params', '{"fast":5,"slow":20,"stake":3}', '--symbol', 'sol/usdt');
    expect(named.stderr).toBe('');
    expect(named.stdout).toMatch(/^sma-cross on SOL\/USDT /);
  }, 120_000);

  it('names the file and line where a strategy file threw: in a helper next to it, and at its top level', async () => {
    const folder = join(dir, 'line-numbers');
    mkdirSync(join(folder, 'lib'), { recursive: true });
    // Types on purpose: the line is the trader's line, not the line of the stripped, bundled script.
    writeFileSync(join(folder, 'lib', 'check.ts'), ['type Bar = { close: number };', '', 'export function check(bar: Bar): never[] {', "  if (bar.close > 0) throw new Error('no trades today');", '  return [];', '}', ''].join('\n'));
    writeFileSync(join(folder, 'thrower.ts'), [
      "import { z } from 'zod';",
      "import { check } from './lib/check';",
      "export default { apiVersion: 1, name: 'thrower', description: 'throws', params: z.object({}), timeframes: ['1m'], warmupBars: 1,",
      '  create: () => ({ onCandle: (ctx: { candle: { close: number } }) => check(ctx.candle), readiness: () => 0 }) };',
      '',
    ].join('\n'));
    const run = await launcher('--strategy', join(folder, 'thrower.ts'), '--data', csv, '--no-risk', '--json');
    const errors = (JSON.parse(run.stdout) as { riskEvents: { kind: string; detail: string }[] }).riskEvents.filter((e) => e.kind === 'strategy_error');
    expect(errors[0]?.detail).toBe('strategy thrower on SOL/USDT failed in onCandle: no trades today (at lib/check.ts:4)');
    // The summary says it under its first line, as the Backtests tab says why a run made no trade: a count of risk events tells neither.
    const text = await launcher('--strategy', join(folder, 'thrower.ts'), '--data', csv, '--no-risk');
    expect(text.stdout.split('\n')[1]).toBe('0 trades: strategy thrower on SOL/USDT failed in onCandle: no trades today (at lib/check.ts:4) — stopped after 20 errors in a row; see the risk events below');
    const tooBig = await launcher('--strategy', 'sma-cross', '--data', csv, '--params', '{"fast":5,"slow":20,"stake":5000}');
    expect(tooBig.stdout.split('\n')[1]).toMatch(/^0 trades: [\d,]+ entries refused by max order notional 10,000 USDT — lower the stake or raise the limit/);
    writeFileSync(join(folder, 'top-level.ts'), ["import { z } from 'zod';", '', 'const settings: { risk?: { max: number } } = {};', 'const max = settings.risk!.max;', 'export default { max };', ''].join('\n'));
    expect((await launcher('--strategy', join(folder, 'top-level.ts'), '--data', csv)).stderr).toBe("error: strategy top-level.ts failed in load: TypeError: cannot read property 'max' of undefined (at top-level.ts:4)\n");
  }, 120_000);

  it('names the members of a file\'s definition that are wrong as the file spells them', async () => {
    const file = join(dir, 'line-numbers', 'plain-params.ts');
    mkdirSync(join(dir, 'line-numbers'), { recursive: true });
    writeFileSync(file, "export default { apiVersion: 1, name: 'plain-params', description: 'x', params: { fast: 3 }, timeframes: ['1m'], warmupBars: 1, create: 1 };\n");
    expect((await launcher('--strategy', file, '--data', csv)).stderr).toBe('error: strategy plain-params.ts failed in validate: the file must export a strategy definition (export default { apiVersion, name, … }): params: params must be a zod schema; create: create must be a function\n');
  }, 120_000);

  it('explains bad flags and unknown strategies', async () => {
    expect((await cli('--strategy', 'sma-cross', '--data', csv, '--fee', '1,5')).stderr).toContain('--fee must be a rate between 0 and 0.5');
    // Where it looked: a file kept in another data dir is one --data-dir away.
    expect((await cli('--strategy', 'moonshot', '--data', csv, '--data-dir', dir)).stderr).toContain(`no strategy named "moonshot" among the built-ins and the files in ${join(dir, 'strategies')}; available: sma-cross,`);
    expect((await cli('--strategy', 'sma-cross', '--data', csv, '--symbol', 'SOLUSDT')).stderr).toBe('error: --symbol must look like BTC/USDT, got "SOLUSDT"\n');
    // A mistyped file path is said in a trader's words, not Node's ENOENT.
    expect((await launcher('--strategy', join(dir, 'my-strat.ts'), '--data', csv)).stderr).toBe(`error: strategy my-strat.ts failed in load: no strategy file at ${join(dir, 'my-strat.ts')}\n`);
    // Lower case is the same market, as in the Backtests tab.
    expect((await cli('--strategy', 'sma-cross', '--data', csv, '--symbol', 'sol/usdt', '--no-risk')).stdout).toMatch(/^sma-cross on SOL\/USDT \(1m, 3000 bars\)/);
  }, 120_000);

  it('prints a summary without float noise, an open position\'s average entry included', async () => {
    // A DCA grid still holding two levels' fills at the end of this series: its average entry is double arithmetic.
    const btc = join(dir, 'BTCUSDT-1m.csv');
    const bars = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 42, Date.UTC(2024, 5, 1), 20_000);
    writeFileSync(btc, `time,open,high,low,close,volume\n${bars.map((c) => `${c.time},${c.open},${c.high},${c.low},${c.close},${c.volume}`).join('\n')}\n`);
    const { code, stdout } = await launcher('--strategy', 'dca-grid', '--data', btc);
    expect(code).toBe(0);
    const open = /open position ([\d.]+) at ([\d.]+)\)/.exec(stdout);
    expect(open).not.toBeNull();
    expect(open![2]).toBe('32917.3226563235');
    expect(stdout.match(/\d+\.\d+/g)!.filter((figure) => significantDigits(Number(figure)) > 15)).toEqual([]);
  }, 120_000);

  it('prints the net profit of the closed trades and the exposure, as the Backtests tab shows them', async () => {
    const args = ['--strategy', 'sma-cross', '--data', csv, '--params', '{"fast":5,"slow":20,"stake":3}', '--no-risk'];
    const [text, json] = await Promise.all([launcher(...args), launcher(...args, '--json')]);
    const trades = (JSON.parse(json.stdout) as { trades: { pnl: number }[] }).trades;
    expect(trades.length).toBeGreaterThan(0);
    // USDT-quoted: money in cents.
    const net = /net profit \(closed trades\) (-?\d+\.\d{2})\n/.exec(text.stdout);
    expect(net, text.stdout).not.toBeNull();
    expect(Number(net![1])).toBeCloseTo(trades.reduce((sum, trade) => sum + trade.pnl, 0), 2);
    expect(text.stdout).toMatch(/\nfees \d+\.\d{2}, final value \d+\.\d{2}[ ,]/);
    expect(text.stdout).toMatch(/, exposure \d+\.\d{2} %\n/);
  }, 120_000);

  it('prints money of a BTC-quoted market to 8 decimals (a satoshi); --json unchanged', async () => {
    // ETH/BTC from its file name, at about 0.05 BTC (to 6 decimals, as a venue's file has them): the SOL series scaled down.
    const ethBtc = join(dir, 'ETHBTC-1m.csv');
    const scaled = (price: number) => (price / 3000).toFixed(6);
    writeFileSync(ethBtc, `time,open,high,low,close,volume\n${candles.map((c) => [c.time, scaled(c.open), scaled(c.high), scaled(c.low), scaled(c.close), c.volume].join(',')).join('\n')}\n`);
    const args = ['--strategy', 'sma-cross', '--data', ethBtc, '--params', '{"fast":5,"slow":20,"stake":3}', '--cash', '2', '--no-risk'];
    const [text, json] = await Promise.all([launcher(...args), launcher(...args, '--json')]);
    expect(text.stdout).toMatch(/^sma-cross on ETH\/BTC /);
    const report = JSON.parse(json.stdout) as { trades: { pnl: number }[]; metrics: { fees: number; finalValue: number } };
    expect(Object.keys(report)).toEqual(['trades', 'fills', 'metrics', 'riskEvents']);
    expect(report.trades.length).toBeGreaterThan(0);
    const money = /net profit \(closed trades\) (-?\d+\.\d{8})\n.*\nfees (\d+\.\d{8}), final value (\d+\.\d{8})[ ,]/.exec(text.stdout);
    expect(money, text.stdout).not.toBeNull();
    expect(Number(money![1])).toBeCloseTo(report.trades.reduce((sum, trade) => sum + trade.pnl, 0), 8);
    expect(money![2]).toBe(report.metrics.fees.toFixed(8));
    expect(money![3]).toBe(report.metrics.finalValue.toFixed(8));
    expect(report.metrics.fees).toBeGreaterThan(0);
  }, 120_000);

  it('fills a file priced with float noise (0.04988666666666666) at its prices, not at 0', async () => {
    const noisy = join(dir, 'ETHBTC-1m-noisy.csv');
    writeFileSync(noisy, `time,open,high,low,close,volume\n${candles.map((c) => [c.time, c.open / 3000, c.high / 3000, c.low / 3000, c.close / 3000, c.volume].join(',')).join('\n')}\n`);
    const { code, stdout } = await launcher('--strategy', 'sma-cross', '--data', noisy, '--params', '{"fast":5,"slow":20,"stake":3}', '--cash', '2', '--no-risk', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { fills: { price: number; fee: number }[] };
    expect(report.fills.length).toBeGreaterThan(0);
    expect(report.fills.filter((fill) => !(fill.price > 0.04 && fill.price < 0.06) || !(fill.fee > 0))).toEqual([]);
  }, 120_000);

  it('refuses a parameter name the strategy does not have (a typo would run the default) and says refused values in the app\'s words', async () => {
    const typo = await launcher('--strategy', 'sma-cross', '--data', csv, '--params', '{"fast":5,"stak":3}', '--json');
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toBe('error: strategy sma-cross failed in validate: invalid parameters — stak: not a parameter of sma-cross (its parameters: fast, slow, stake, timeframe)\n');
    const inSweep = await launcher('--strategy', 'sma-cross', '--data', csv, '--params', '{"slo":30}', '--sweep', '{"fast":[5,10,5]}');
    expect(inSweep.stderr).toContain('slo: not a parameter of sma-cross');
    expect((await launcher('--strategy', 'sma-cross', '--data', csv, '--params', '{"fast":0}')).stderr).toBe('error: strategy sma-cross failed in validate: invalid parameters — fast: must be at least 1\n');
    expect((await launcher('--strategy', 'sma-cross', '--data', csv, '--sweep', '{"fast":[5.5,10,1]}')).stderr).toBe('error: --sweep fast: 5.5 is not a valid value (must be a whole number)\n');
  }, 120_000);
});
