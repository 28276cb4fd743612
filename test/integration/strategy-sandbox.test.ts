import { mkdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../core/api/client.js';
import { serveApi } from '../../core/api/server.js';
import { createInMemoryPair } from '../../core/api/transport.js';
import { Terminal } from '../../core/app/terminal.js';
import { until } from '../helpers/api-terminal.js';
import { removeDir, tempDir, testKeychain } from './store-helpers.js';

/** A trader's strategy file that does `onCandle` (and, before returning its instance, `create`). */
function strategyFile(name: string, onCandle: string, create = ''): string {
  return `
import { z } from 'zod';
export default {
  apiVersion: 1,
  name: '${name}',
  description: 'a hostile test strategy',
  params: z.object({}),
  timeframes: ['1m'],
  warmupBars: 1,
  create: (_p: unknown, symbol: string) => {
    ${create}
    return { onCandle: (ctx: any) => { ${onCandle} }, readiness: () => 0 };
  },
};
`;
}

const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: { code?: string; message?: string }) => error);

/**
 * The trader's way with a hostile strategy file, through the public API of a real Terminal (real
 * encrypted store, real keychain: run under test/with-keyring.sh): the file is listed by name, runs
 * only once a configuration using it is enabled, stops with its reason shown in the configuration and
 * the events feed, while the rest of the app keeps trading and the emergency stop answers at once.
 */
describe('strategy files in their sandbox, the way a trader meets them', { timeout: 120_000 }, () => {
  const keychain = testKeychain();
  const dataDir = tempDir('halyard-sandbox-');
  let terminal: Terminal;
  let api: ReturnType<typeof createApiClient>;
  let stopServing: () => void;

  beforeAll(async () => {
    mkdirSync(join(dataDir, 'strategies'), { recursive: true });
    writeFileSync(join(dataDir, 'strategies', 'spinner.ts'), strategyFile('spinner', 'for (;;) {}'));
    writeFileSync(join(dataDir, 'strategies', 'slow-create.ts'), strategyFile('slow-create', 'return [];', 'for (;;) {}'));
    writeFileSync(join(dataDir, 'strategies', 'reader.ts'), strategyFile('reader', "return [(globalThis as any).process.getBuiltinModule('fs').readFileSync('/etc/passwd', 'utf8')];"));
    terminal = await Terminal.create({ dataDir, keychainService: keychain.service, speed: 600, tickMs: 20 });
    const [serverEnd, clientEnd] = createInMemoryPair();
    stopServing = serveApi(serverEnd, terminal.handlers, terminal.events, { batchMs: 0 });
    api = createApiClient(clientEnd, { timeoutMs: 30_000 });
  });

  afterAll(async () => {
    api.dispose();
    stopServing();
    await terminal.close();
    await keychain.cleanup();
    removeDir(dataDir);
  });

  it('keeps the data directory to its owner', () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'halyard.db')).mode & 0o777).toBe(0o600);
  });

  it('lists files by name without running them, and reads one only when the trader picks it', async () => {
    const { strategies } = await api.call('strategies.list', {});
    expect(strategies.filter((s) => !s.builtin).map((s) => [s.name, s.described])).toEqual([
      ['reader', false],
      ['slow-create', false],
      ['spinner', false],
    ]);
    await expect(api.call('strategies.describe', { name: 'spinner' })).resolves.toMatchObject({ name: 'spinner', described: true, description: 'a hostile test strategy', paramsSchema: { type: 'object' } });
    expect((await failure(api.call('strategies.describe', { name: '../etc/passwd' })))?.code).toBe('bad_request');
  });

  it('stops a configuration whose file goes over its budget — the reason in the Strategies tab and the events feed — and the rest keeps trading', async () => {
    await api.call('strategies.save', { name: 'steady', strategy: 'sma-cross', symbols: ['BTC/USDT'], enabled: true });
    await api.call('strategies.save', { name: 'looping', strategy: 'spinner', symbols: ['ETH/USDT'], enabled: true });
    await api.call('strategies.save', { name: 'snooping', strategy: 'reader', symbols: ['ETH/USDT'], enabled: true });
    const configs = await until(
      () => api.call('strategies.configs', {}),
      (list) => list.find((c) => c.name === 'looping')!.state.startsWith('error') && list.find((c) => c.name === 'snooping')!.state.startsWith('error'),
      'the hostile configurations to stop',
    );
    const byName = Object.fromEntries(configs.map((c) => [c.name, c.state]));
    expect(byName.looping).toMatch(/^error: strategy spinner on ETH\/USDT failed in onCandle: exceeded its 50 ms time budget in onCandle/);
    expect(byName.snooping).toMatch(/^error: strategy reader on ETH\/USDT failed in onCandle: TypeError: cannot read property 'getBuiltinModule' of undefined/);
    expect(byName.steady).toBe('running');
    const events = await api.call('risk.events', { limit: 100 });
    expect(events.filter((e) => e.kind === 'strategy_stopped').map((e) => e.detail)).toEqual([expect.stringMatching(/^looping: strategy spinner on ETH\/USDT failed in onCandle: exceeded its 50 ms time budget/)]);
    // The paper account still takes orders.
    const order = await api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.01', price: '1000' });
    expect(order.status).toBe('open');
  });

  it('runs a file dropped into the folder while the app runs (no restart), and lets a configuration whose file was removed be switched off', async () => {
    writeFileSync(join(dataDir, 'strategies', 'dropped-in.ts'), strategyFile('dropped-in', 'return [];'));
    const { strategies } = await api.call('strategies.list', {});
    expect(strategies.map((s) => s.name)).toContain('dropped-in');
    const saved = await api.call('strategies.save', { name: 'late-file', strategy: 'dropped-in', symbols: ['BTC/USDT'], enabled: true });
    expect(saved.state).toBe('running');
    rmSync(join(dataDir, 'strategies', 'dropped-in.ts'));
    const off = await api.call('strategies.setEnabled', { name: 'late-file', enabled: false });
    expect([off.enabled, off.state]).toEqual([false, 'stopped']);
    const again = await failure(api.call('strategies.setEnabled', { name: 'late-file', enabled: true }));
    expect(again?.message).toBe('strategy "dropped-in" is not loaded: no built-in, and no file in the strategies folder, has that name');
  });

  it('says when a running configuration\'s file was edited since it started, and runs the edited file once switched off and on', async () => {
    const file = join(dataDir, 'strategies', 'edited.ts');
    writeFileSync(file, strategyFile('edited', 'return [];'));
    const started = await api.call('strategies.save', { name: 'editing', strategy: 'edited', symbols: ['BTC/USDT'], enabled: true });
    expect([started.state, started.fileChanged]).toEqual(['running', undefined]);
    writeFileSync(file, strategyFile('edited', "throw new Error('version 2');"));
    const stale = await until(() => api.call('strategies.configs', {}).then((list) => list.find((c) => c.name === 'editing')!), (config) => config.fileChanged === true, 'the edit to show');
    expect(stale.state).toBe('running');
    await api.call('strategies.setEnabled', { name: 'editing', enabled: false });
    await api.call('strategies.setEnabled', { name: 'editing', enabled: true });
    const fresh = await until(() => api.call('strategies.configs', {}).then((list) => list.find((c) => c.name === 'editing')!), (config) => config.state.startsWith('error'), 'the edited file to run');
    expect(fresh.state).toMatch(/^error: strategy edited on BTC\/USDT failed in onCandle: version 2 /);
    expect(fresh.fileChanged).toBeUndefined();
    await api.call('strategies.setEnabled', { name: 'editing', enabled: false });
  });

  it('records a throw in a running file\'s readiness() as its last error, shows no readiness instead of 0, and says it goes on running', async () => {
    writeFileSync(join(dataDir, 'strategies', 'unready.ts'), strategyFile('unready', 'return [];').replace('readiness: () => 0', "readiness: () => { throw new RangeError('no score yet'); }"));
    await api.call('strategies.save', { name: 'unready-run', strategy: 'unready', symbols: ['BTC/USDT'], enabled: true });
    const failed = await until(() => api.call('strategies.configs', {}).then((list) => list.find((c) => c.name === 'unready-run')!), (config) => config.lastError !== undefined, 'the readiness error to show');
    // Its onCandle goes on deciding every bar: it has not stopped, so its state says so.
    expect([failed.state, failed.lastError?.message]).toEqual(['running', 'strategy unready on BTC/USDT failed in readiness: RangeError: no score yet']);
    // No score: the file made no claim about the market, so the row shows no readiness rather than 0 ("not ready").
    const shown: (number | null | undefined)[] = [];
    for (let i = 0; i < 5; i++) shown.push((await api.call('strategies.configs', {})).find((c) => c.name === 'unready-run')!.readiness['BTC/USDT']);
    expect(shown).toEqual([null, null, null, null, null]);
    await api.call('strategies.setEnabled', { name: 'unready-run', enabled: false });
  });

  it('says why a backtest of a failing file made no trade: its error, where, and that it was stopped — not "never tried to enter"', async () => {
    writeFileSync(join(dataDir, 'strategies', 'always-throws.ts'), strategyFile('always-throws', "throw new Error('no data for ' + symbol);"));
    writeFileSync(join(dataDir, 'strategies', 'bad-size.ts'), strategyFile('bad-size', "return [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: -1 }, orderType: 'market', reason: 'x' }];"));
    const throws = await api.call('backtest.run', { strategy: 'always-throws', source: { kind: 'simulated', bars: 200 } });
    expect(throws.noTradesReason).toBe('0 trades: strategy always-throws on BTC/USDT failed in onCandle: no data for BTC/USDT (at always-throws.ts:12) — stopped after 20 errors in a row; see the risk events below');
    const badSize = await api.call('backtest.run', { strategy: 'bad-size', source: { kind: 'simulated', bars: 200 } });
    expect(badSize.noTradesReason).toBe('0 trades: strategy bad-size on BTC/USDT failed in intent: invalid intent: size.quantity: must be greater than 0 — stopped after 20 errors in a row; see the risk events below');
  });

  it('answers the emergency stop, cancels included, while a file is still spinning in create()', async () => {
    await api.call('orders.place', { symbol: 'SOL/USDT', side: 'buy', type: 'limit', amount: '1', price: '10' });
    const saving = api.call('strategies.save', { name: 'stuck', strategy: 'slow-create', symbols: ['BTC/USDT'], enabled: true });
    // Warming up means its engine exists: the file is spinning in create() in its sandbox now (2 s budget).
    await until(
      () => api.call('strategies.configs', {}).then((list) => list.find((c) => c.name === 'stuck')?.state),
      (state) => state === 'warming up',
      'the stuck configuration to start',
    );
    const stopped = await api.call('risk.emergencyStop', { source: 'button' });
    expect(stopped.halted).toBe(true);
    expect(stopped.stop?.orders.map((o) => o.outcome)).toEqual(['canceled', 'canceled']);
    expect(stopped.stop?.remainingOpen).toBe(0);
    const stuck = await api.call('strategies.configs', {}).then((list) => list.find((c) => c.name === 'stuck')!);
    expect(stuck.state).toBe('warming up');
    await saving;
    const later = await until(
      () => api.call('strategies.configs', {}).then((list) => list.find((c) => c.name === 'stuck')!),
      (config) => config.state.startsWith('error'),
      'the stuck configuration to stop',
    );
    expect(later.state).toMatch(/failed in create: exceeded its 2000 ms time budget in create/);
  });

  it('refuses a path as a strategy, and candle files from anywhere but <data-dir>/imports', async () => {
    const evil = join(dataDir, 'strategies', 'spinner.ts');
    const byPath = await failure(api.call('backtest.run', { strategy: evil, source: { kind: 'simulated', bars: 200 } }));
    expect(byPath).toMatchObject({ code: 'bad_request', issues: [{ path: 'strategy', message: expect.stringMatching(/^a strategy name from strategies\.list .*not a path$/) }] });
    const imports = join(dataDir, 'imports');
    for (const path of ['/etc/passwd', '../halyard.db', join(dataDir, 'halyard.db')]) {
      const refused = await failure(api.call('backtest.run', { strategy: 'sma-cross', source: { kind: 'file', path } }));
      expect(refused, path).toMatchObject({ code: 'bad_request', message: expect.stringContaining(`candle files are read only from the imports folder ${imports}`) });
    }
    symlinkSync('/etc/passwd', join(imports, 'passwd.csv'));
    const throughLink = await failure(api.call('backtest.run', { strategy: 'sma-cross', source: { kind: 'file', path: 'passwd.csv' } }));
    expect(throughLink?.message).toContain(`read only from the imports folder ${imports}`);
    writeFileSync(join(imports, 'bad.csv'), 'timestamp,open,high,low,close,volume\n1704067200000,1,2,0.5,1,1\nsecret-words,1,2,0.5,1,1\n');
    const bad = await failure(api.call('backtest.run', { strategy: 'sma-cross', source: { kind: 'file', path: 'bad.csv' } }));
    expect(bad?.message).toMatch(/line 3: timestamp — timestamp: not a timestamp/);
    expect(bad?.message).not.toContain('secret-words');
  });
});
