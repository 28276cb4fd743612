import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { apiTerminal } from '../helpers/api-terminal.js';
import { candleCsv, crashCandles } from '../helpers/crash-candles.js';
import { removeDir, tempDir, testKeychain } from './store-helpers.js';

const exec = promisify(execFile);
const CHANNEL_SWITCH = /channel (disabled|enabled again) on CRASH\/USDT/;
const switches = (events: readonly { kind: string; detail: string }[]) => events.filter((event) => event.kind === 'strategy_disabled' || event.kind === 'strategy_enabled');

/**
 * The default risk configuration switches `channel` off above 8 % volatility. A backtest of another
 * strategy over a market that volatile must not report that switch: nothing but the strategy under test
 * runs, so it did not happen to the trader's run. Through the API (as the Backtests tab runs it) and the CLI.
 */
describe('a backtest reports the volatility switches of the strategies it runs only', { timeout: 180_000 }, () => {
  const keychain = testKeychain();
  const dataDir = tempDir('halyard-own-switches-');
  const csv = join(dataDir, 'imports', 'CRASHUSDT-1m.csv');
  const source = { kind: 'file', path: 'CRASHUSDT-1m.csv' } as const;
  let api: ApiClient;
  let close: () => Promise<void>;

  beforeAll(async () => {
    mkdirSync(join(dataDir, 'imports'), { recursive: true });
    writeFileSync(csv, candleCsv(crashCandles({ start: Date.UTC(2024, 2, 1) })));
    ({ api, close } = await apiTerminal({ dataDir, keychainService: keychain.service }, {}, { callTimeoutMs: 60_000 }));
  });
  afterAll(async () => {
    await close();
    await keychain.cleanup();
    removeDir(dataDir);
  });

  it('backtest.run: channel gets its switch, sma-cross does not — and its fills are those of a configuration without the rule', async () => {
    const channel = await api.call('backtest.run', { strategy: 'channel', source });
    expect(switches(channel.riskEvents).map((event) => event.detail)).toContainEqual(expect.stringMatching(CHANNEL_SWITCH));
    const sma = await api.call('backtest.run', { strategy: 'sma-cross', params: { fast: 5, slow: 20 }, source });
    expect(switches(sma.riskEvents)).toEqual([]);
    const defaults = await api.call('risk.config.get', {});
    await api.call('risk.config.set', { config: { ...defaults, volatility: { ...(defaults.volatility as object), strategies: {} } } });
    const without = await api.call('backtest.run', { strategy: 'sma-cross', params: { fast: 5, slow: 20 }, source });
    await api.call('risk.config.set', { config: defaults });
    expect(sma.fills.length).toBeGreaterThan(0);
    expect(sma.fills).toEqual(without.fills);
    expect(sma.riskEvents).toEqual(without.riskEvents);
  });

  it('backtest.shadow: no row of a sma-cross comparison shows channel’s switch', async () => {
    const { rows } = await api.call('backtest.shadow', { strategy: 'sma-cross', champion: { fast: 5, slow: 20 }, variants: [{ id: 'slower', params: { fast: 10, slow: 40 } }], source });
    expect(rows.flatMap((row) => switches(row.riskEvents))).toEqual([]);
  });

  it('npm run backtest: neither the text report nor --json names channel’s switch for sma-cross; channel’s own run still does', async () => {
    const cli = (strategy: string, ...more: string[]) => exec('npx', ['tsx', 'core/host/cli/backtest.ts', '--strategy', strategy, '--data', csv, '--fee', '0.001', ...more], { maxBuffer: 32 * 1024 * 1024 });
    const text = await cli('sma-cross');
    expect(text.stdout).toContain('risk events: ');
    expect(text.stdout).not.toMatch(/strategy_(disabled|enabled)/);
    const json = JSON.parse((await cli('sma-cross', '--json')).stdout) as { riskEvents: { kind: string; detail: string }[] };
    expect(switches(json.riskEvents)).toEqual([]);
    expect((await cli('channel')).stdout).toMatch(/risk events: .*strategy_disabled ×1/);
  });
});
