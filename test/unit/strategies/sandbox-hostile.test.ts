import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktestAsync } from '../../../core/backtest/runner.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import { StrategyRegistry } from '../../../core/strategies/registry.js';

const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 9, Date.UTC(2024, 0, 1), 40);

/** A strategy file whose onCandle does `body` (with `ctx` and `symbol` in scope) on every bar. */
function hostile(name: string, body: string, top = ''): string {
  return `
import { z } from 'zod';
${top}
export default {
  apiVersion: 1,
  name: '${name}',
  description: 'tries to get out of its sandbox',
  params: z.object({}),
  timeframes: ['1m'],
  warmupBars: 1,
  create: (_params: unknown, symbol: string) => ({
    onCandle: (ctx: any) => { ${body} },
    readiness: () => 0,
  }),
};
`;
}

describe('a hostile strategy file stays inside its sandbox', { timeout: 60_000 }, () => {
  let dataDir: string;
  let registry: StrategyRegistry;
  let server: Server;
  let requests = 0;
  let pwned: string;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    dataDir = mkdtempSync(join(tmpdir(), 'halyard-hostile-'));
    pwned = join(dataDir, 'pwned.txt');
    mkdirSync(join(dataDir, 'strategies'));
    // Each bar tries one way out; a way that worked would say so in its error message.
    const attempts = [
      `return process.env.HOME`,
      `return (globalThis as any).process.getBuiltinModule('fs').readFileSync('/etc/passwd', 'utf8')`,
      `return eval('require')('fs').writeFileSync(${JSON.stringify(pwned)}, 'x')`,
      `return new Function('return require')()('child_process').execSync('secret-tool lookup service halyard account db-key')`,
      `return ctx.constructor.constructor('return process')().mainModule.require('fs')`,
      `return ctx.candle.__proto__.constructor.constructor('return globalThis.process')().exit(1)`,
      `return (fetch as any)(${JSON.stringify(url)})`,
      `return new (globalThis as any).XMLHttpRequest()`,
      `return new (globalThis as any).WebSocket(${JSON.stringify(url.replace('http', 'ws'))})`,
      `return (globalThis as any).require('@napi-rs/keyring')`,
      `const spec = 'node:fs'; (import(spec) as Promise<any>).then((fs) => fs.writeFileSync(${JSON.stringify(pwned)}, 'x')); return (globalThis as any).std.open(${JSON.stringify(pwned)}, 'w')`,
    ];
    const body = `
      const attempt = [${attempts.map((a) => `() => { ${a} }`).join(',\n')}][bar++];
      if (attempt === undefined) {
        // Prototype tricks on what it was handed and on its own built-ins: they stay in its realm.
        (Object.prototype as any).polluted = true;
        (ctx.candle.__proto__ as any).toJSON = () => 'hijacked';
        JSON.stringify = () => '{"intents":[{"kind":"enter"}]}';
        return [];
      }
      let outcome;
      try { outcome = 'ESCAPED: ' + String(attempt()); } catch (error) { outcome = String(error); }
      throw new Error('attempt ' + bar + ': ' + outcome);`;
    writeFileSync(join(dataDir, 'strategies', 'escape.ts'), hostile('escape', body, 'let bar = 0;'));
    writeFileSync(join(dataDir, 'strategies', 'spinner.ts'), hostile('spinner', 'for (;;) {}'));
    writeFileSync(join(dataDir, 'strategies', 'hog.ts'), hostile('hog', 'const all: number[][] = []; for (;;) all.push(new Array(1e6).fill(1)); return [];'));
    writeFileSync(join(dataDir, 'strategies', 'big.ts'), hostile('big', 'return [new ArrayBuffer(2 * 1024 ** 3)];'));
    writeFileSync(join(dataDir, 'strategies', 'slow-start.ts'), hostile('slow-start', 'return [];', 'for (;;) {}'));
    // Files elsewhere on disk, imported by path, by ../ and through a link: never read into a strategy.
    writeFileSync(join(dataDir, 'wallet.json'), '{"secret":"SEED-WORDS"}');
    writeFileSync(join(dataDir, 'notes.txt'), 'SEED-WORDS');
    symlinkSync(join(dataDir, 'wallet.json'), join(dataDir, 'strategies', 'linked.json'));
    writeFileSync(join(dataDir, 'strategies', 'helper.ts'), 'export const factor = 2;');
    for (const [name, from] of [['by-path', join(dataDir, 'wallet.json')], ['by-parent', '../notes.txt'], ['by-link', './linked.json'], ['next-to-it', './helper']] as const) {
      writeFileSync(join(dataDir, 'strategies', `${name}.ts`), hostile(name, 'return [];', `import * as outside from ${JSON.stringify(from)};\nexport const seen = JSON.stringify(outside);`));
    }
    // The clock it reads: once, on the first bar, told back in an error.
    writeFileSync(join(dataDir, 'strategies', 'clock.ts'), hostile('clock', "if (!told) { told = true; throw new Error('clock ' + [ctx.time, Date.now(), new Date().getTime(), Object.getPrototypeOf(new Date()).constructor.now(), typeof Date()].join(' ')); } return [];", 'let told = false;'));
    registry = await StrategyRegistry.load(dataDir);
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function run(name: string) {
    const strategy = await registry.runnable(name, [{}], { views: false });
    return runBacktestAsync({ strategy, params: {}, candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 1e6, fee: 0.001, validateIntents: true });
  }

  it('finds no process, require, import(), network, file system or keychain; its tricks stay in its realm', async () => {
    const result = await run('escape');
    const errors = result.riskEvents.filter((e) => e.kind === 'strategy_error').map((e) => e.detail);
    expect(errors).toHaveLength(12);
    for (const error of errors) expect(error).not.toMatch(/ESCAPED/);
    // Its toJSON on every object garbles its own answers from then on: refused, never acted on.
    expect(errors[11]).toMatch(/escape on BTC\/USDT failed in onCandle: answered something that is not a list of intents/);
    // Each names the file and line it was thrown from (the line that calls the attempts).
    for (const error of errors.slice(0, 11)) expect(error).toMatch(/ \(at escape\.ts:\d+\)$/);
    const outcomes = errors.slice(0, 11).map((error) => error.replace(/^.*failed in onCandle: attempt \d+: /, '').replace(/ \(at escape\.ts:\d+\)$/, ''));
    expect(outcomes).toEqual([
      "ReferenceError: 'process' is not defined",
      expect.stringMatching(/^TypeError: cannot read property 'getBuiltinModule' of undefined/),
      "ReferenceError: 'require' is not defined",
      "ReferenceError: 'require' is not defined",
      "ReferenceError: 'process' is not defined",
      expect.stringMatching(/^ReferenceError: 'globalThis.process'|^TypeError: cannot read property 'exit' of undefined/),
      "ReferenceError: 'fetch' is not defined",
      expect.stringMatching(/^TypeError: not a (function|constructor)/),
      expect.stringMatching(/^TypeError: not a (function|constructor)/),
      expect.stringMatching(/^TypeError: not a function/),
      expect.stringMatching(/^TypeError: cannot read property 'open' of undefined/),
    ]);
    // Garbling every answer, it is switched off like any strategy failing 20 times in a row; the host's objects are untouched.
    expect(result.fills).toEqual([]);
    expect(result.riskEvents.filter((e) => e.kind === 'strategy_disabled').map((e) => e.detail)).toEqual(['escape on BTC/USDT stopped after 20 errors in a row']);
    expect(requests).toBe(0);
    expect(existsSync(pwned)).toBe(false);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('stops a file that spins forever after its 50 ms budget, with the reason', async () => {
    const result = await run('spinner');
    expect(result.riskEvents.map((e) => `${e.kind}: ${e.detail}`)).toEqual([
      // The line of the loop it was stopped in (the file's onCandle, line 12).
      expect.stringMatching(/^strategy_error: .*spinner on BTC\/USDT failed in onCandle: exceeded its 50 ms time budget in onCandle \(at spinner\.ts:12\); the sandbox is stopped$/),
      expect.stringMatching(/^strategy_disabled: spinner on BTC\/USDT stopped: .*50 ms time budget/),
    ]);
    expect(result.bars).toBe(40);
  });

  it('stops a file that allocates without end at its memory cap, and refuses a 2 GB buffer', async () => {
    const hog = await run('hog');
    // Whichever comes first: the memory cap, or the budget (a full heap makes QuickJS slow to notice).
    expect(hog.riskEvents.find((e) => e.kind === 'strategy_disabled')?.detail).toMatch(/hog on BTC\/USDT stopped: .*(ran out of its 64 MiB memory|exceeded its 50 ms time budget)/);
    const big = await run('big');
    expect(big.riskEvents[0]?.detail).toMatch(/RangeError: invalid array buffer length/);
  });

  it('refuses a file whose top-level code never ends, naming its budget', async () => {
    await expect(registry.runnable('slow-start', [{}], { views: false })).rejects.toThrow(/slow-start\.ts failed in load: exceeded its 2000 ms time budget in evaluating the file/);
  });

  it('imports files next to it only: a file elsewhere on disk, by path, by ../ or through a link, is refused by name and never read', async () => {
    for (const [name, shown] of [['by-path', 'wallet.json'], ['by-parent', 'notes.txt'], ['by-link', 'wallet.json']] as const) {
      const refused = await registry.runnable(name, [{}], { views: false }).then(() => null, (error: unknown) => String(error));
      expect(refused, name).toMatch(new RegExp(`${name}\\.ts failed in load: line \\d+: ".*${shown.replace('.', '\\.')}" is outside the strategy's folder .*strategies: a strategy imports only files next to it`));
      expect(refused, name).not.toContain('SEED-WORDS');
    }
    await expect(registry.runnable('next-to-it', [{}], { views: false })).resolves.toBeDefined();
  });

  it('reads the bar\'s time as its clock, never the wall clock: a backtest decides as the live run of the same bars would', async () => {
    const result = await run('clock');
    const told = result.riskEvents.find((e) => e.kind === 'strategy_error')?.detail ?? '';
    const [time, ...clocks] = /clock (\d+) (\d+) (\d+) (\d+) (\w+)/.exec(told)!.slice(1);
    expect(Number(time)).toBeLessThan(Date.UTC(2025, 0, 1));
    expect(clocks).toEqual([time, time, time, 'string']);
  });
});
