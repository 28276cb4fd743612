import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTerminal } from '../helpers/api-terminal.js';
import { calmCandles, candleCsv, crashCandles } from '../helpers/crash-candles.js';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'halyard-risk-cli-'));
const START = Date.UTC(2024, 2, 1);

/** A trader's strategy file: buys 1 unit whenever flat, sells after 10 bars — it keeps asking to enter. */
const CYCLER = `import { z } from 'zod';
export default {
  apiVersion: 1,
  name: 'cycler',
  description: 'enters whenever flat, exits after holdBars bars',
  params: z.object({ quantity: z.number().positive().default(1), holdBars: z.number().int().positive().default(10) }),
  timeframes: ['1m'],
  warmupBars: 1,
  create: (p, symbol) => {
    let held = 0;
    return {
      onCandle: (ctx) => {
        if (ctx.position === null) {
          held = 0;
          return ctx.openEntryOrders > 0 ? [] : [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: p.quantity }, orderType: 'market', reason: 'flat' }];
        }
        held++;
        return held >= p.holdBars ? [{ kind: 'exit_all', symbol, reason: 'signal' }] : [];
      },
      readiness: () => 100,
    };
  },
};
`;

interface Report {
  fills: { side: 'buy' | 'sell'; time: number; qty: number; price: number }[];
  riskEvents: { time: number; kind: string; detail: string }[];
}

async function backtest(...args: string[]): Promise<Report> {
  const { stdout } = await exec('npx', ['tsx', 'core/host/cli/backtest.ts', '--strategy', join(dir, 'cycler.ts'), '--fee', '0.001', '--slippage', '0', '--json', ...args], { maxBuffer: 32 * 1024 * 1024 });
  return JSON.parse(stdout) as Report;
}

/** [start, end) of every PANIC spell: from its regime:PANIC event to the next regime change. */
function panicSpells(events: Report['riskEvents']): [number, number][] {
  const regimes = events.filter((e) => e.kind.startsWith('regime:'));
  return regimes.flatMap((e, i) => (e.kind === 'regime:PANIC' ? [[e.time, regimes[i + 1]?.time ?? Infinity] as [number, number]] : []));
}

const inside = (time: number, spells: [number, number][]) => spells.some(([from, to]) => time >= from && time < to);

describe('npm run backtest runs behind the risk gate', () => {
  const crash = join(dir, 'CRASHUSDT-1m.csv');
  const calm = join(dir, 'CALMUSDT-1m.csv');

  beforeAll(() => {
    writeFileSync(join(dir, 'cycler.ts'), CYCLER);
    const candles = crashCandles({ start: START });
    writeFileSync(crash, candleCsv(candles));
    writeFileSync(calm, candleCsv(calmCandles(START, candles.length)));
  });

  it('reports PANIC on a >10 % fall within 4 h, blocks entries while it lasts, and reports the return to NORMAL', async () => {
    const report = await backtest('--data', crash);
    const kinds = report.riskEvents.map((e) => e.kind);
    const panic = kinds.indexOf('regime:PANIC');
    expect(panic, kinds.join(', ')).toBeGreaterThanOrEqual(0);
    expect(kinds.indexOf('regime:NORMAL', panic), `NORMAL after PANIC in ${kinds.join(', ')}`).toBeGreaterThan(panic);
    expect(report.riskEvents[panic]!.detail).toMatch(/fell \d+\.\d+ % from its 4 h high/);

    const spells = panicSpells(report.riskEvents);
    const blocked = report.riskEvents.filter((e) => e.kind === 'entry_blocked' && e.detail.includes('market regime PANIC'));
    expect(blocked.length).toBeGreaterThan(0);
    for (const event of blocked) expect(inside(event.time, spells), `${new Date(event.time).toISOString()} ${event.detail}`).toBe(true);
    // Entries decided during PANIC would fill inside it: there are none. Outside it the strategy trades.
    const buys = report.fills.filter((f) => f.side === 'buy');
    expect(buys.filter((f) => inside(f.time, spells))).toEqual([]);
    expect(buys.length).toBeGreaterThan(10);
    // The trade cooldown (15 min by default) holds the strategy back after each exit too.
    expect(report.riskEvents.some((e) => e.kind === 'entry_blocked' && e.detail.startsWith('trade cooldown'))).toBe(true);
  }, 120_000);

  it('--no-risk runs the strategy alone: no risk events, and it buys straight through the crash', async () => {
    const gated = panicSpells((await backtest('--data', crash)).riskEvents);
    const report = await backtest('--data', crash, '--no-risk');
    expect(report.riskEvents).toEqual([]);
    expect(report.fills.filter((f) => f.side === 'buy' && inside(f.time, gated)).length).toBeGreaterThan(0);
  }, 120_000);

  it('--benchmark <csv> drives the regime from another series: a calm symbol is blocked during the benchmark\'s crash', async () => {
    const alone = await backtest('--data', calm);
    expect(alone.riskEvents.filter((e) => e.kind.startsWith('regime:'))).toEqual([]);
    const report = await backtest('--data', calm, '--benchmark', crash);
    const spells = panicSpells(report.riskEvents);
    expect(spells.length).toBeGreaterThan(0);
    expect(report.riskEvents.some((e) => e.kind === 'entry_blocked' && e.detail.includes('market regime PANIC'))).toBe(true);
    expect(report.fills.filter((f) => f.side === 'buy' && inside(f.time, spells))).toEqual([]);
    // A benchmark of another week pairs with none of the data's bars: refused, not a run whose regime silently ignores it.
    const lastWeek = join(dir, 'CRASHUSDT-1m-last-week.csv');
    writeFileSync(lastWeek, candleCsv(crashCandles({ start: START - 7 * 86_400_000 })));
    const disjoint = await exec('npx', ['tsx', 'core/host/cli/backtest.ts', '--strategy', join(dir, 'cycler.ts'), '--data', calm, '--benchmark', lastWeek, '--json']).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(disjoint.code).toBe(2);
    expect(disjoint.stderr).toBe("error: the benchmark CRASHUSDT-1m-last-week.csv has no bar at the data's bar times (benchmark 2024-02-23 00:00 → 2024-02-24 02:59, data 2024-03-01 00:00 → 2024-03-02 02:59 UTC): it would not set the market regime\n");
  }, 120_000);

  it('backtest.run (the app) reports the same risk events as the CLI', async () => {
    const cli = await backtest('--data', crash, '--cash', '10000');
    // The app reads strategies and candle files only from its data directory: the same files, put there.
    mkdirSync(join(dir, 'strategies'), { recursive: true });
    mkdirSync(join(dir, 'imports'), { recursive: true });
    copyFileSync(join(dir, 'cycler.ts'), join(dir, 'strategies', 'cycler.ts'));
    copyFileSync(crash, join(dir, 'imports', basename(crash)));
    const app = await apiTerminal({ dataDir: dir });
    try {
      const result = await app.api.call('backtest.run', { strategy: 'cycler', source: { kind: 'file', path: basename(crash) }, fee: 0.001, slippage: 0, cash: 10_000 });
      expect(result.riskEvents).toEqual(cli.riskEvents);
      expect(result.fills.map((f) => [f.side, f.time, f.qty, f.price])).toEqual(cli.fills.map((f) => [f.side, f.time, f.qty, f.price]));
      const off = await app.api.call('backtest.run', { strategy: 'cycler', source: { kind: 'file', path: basename(crash) }, fee: 0.001, slippage: 0, cash: 10_000, risk: false });
      expect(off.riskEvents).toEqual([]);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('explains a bad --risk-config', async () => {
    const failed = await exec('npx', ['tsx', 'core/host/cli/backtest.ts', '--strategy', 'sma-cross', '--data', crash, '--risk-config', '{"limits":{"maxExposurePerSymbolPct":-5}}']).catch((error: { code: number; stderr: string }) => error);
    expect((failed as { code: number }).code).toBe(2);
    expect((failed as { stderr: string }).stderr).toContain('--risk-config: limits.maxExposurePerSymbolPct');
  }, 120_000);
});
