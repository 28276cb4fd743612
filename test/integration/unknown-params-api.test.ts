import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strategyFileTerminal } from '../helpers/strategy-file-terminal.js';

const SMA_NAMES = 'its parameters: fast, slow, stake, timeframe';
const source = { kind: 'simulated', seed: 4, bars: 600 } as const;
const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: { code?: string; message?: string; issues?: unknown }) => error);

/** A trader's strategy file with one parameter, named `param` (the trader later renames it). */
function fileWithParam(param: string): string {
  return `
import { z } from 'zod';
export default {
  apiVersion: 1,
  name: 'renamer',
  description: 'one parameter, renamed between versions',
  params: z.object({ ${param}: z.number().int().min(1).default(2) }),
  timeframes: ['1m'],
  warmupBars: 1,
  create: () => ({ onCandle: () => [], readiness: () => 0 }),
};
`;
}

/**
 * A misspelt parameter name through the public API (as scripts and the app send it, real encrypted store
 * and keychain: run under test/with-keyring.sh): refused naming the field and the strategy's parameters,
 * as the command line refuses it, instead of running or saving the default silently.
 */
describe('unknown parameter names over the API', { timeout: 120_000 }, () => {
  const terminal = strategyFileTerminal('halyard-unknown-params-', { 'renamer.ts': fileWithParam('fats') });
  const file = join(terminal.dataDir, 'strategies', 'renamer.ts');

  it('backtest.run refuses { fats } for sma-cross, naming the field and the parameters it has', async () => {
    const refused = await failure(terminal.api.call('backtest.run', { strategy: 'sma-cross', params: { fats: 3 }, source }));
    expect(refused).toMatchObject({ code: 'bad_request', issues: [{ path: 'params.fats', message: `not a parameter of sma-cross (${SMA_NAMES})` }] });
    expect(refused?.message).toContain('fats: not a parameter of sma-cross');
    await expect(terminal.api.call('backtest.run', { strategy: 'sma-cross', params: { fast: 3 }, source })).resolves.toMatchObject({ params: { fast: 3 } });
  });

  it('sweeps and variant comparisons refuse them too: the fixed parameters, the champion and each variant', async () => {
    const sweep = await failure(terminal.api.call('backtest.sweep', { strategy: 'sma-cross', params: { stak: 0.5 }, sweep: { fast: [5, 10, 5] }, source, workers: 1 }));
    expect(sweep).toMatchObject({ code: 'bad_request', issues: [{ path: 'params.stak', message: `not a parameter of sma-cross (${SMA_NAMES})` }] });
    const champion = await failure(terminal.api.call('backtest.shadow', { strategy: 'sma-cross', champion: { fats: 3 }, variants: [{ id: 'v1', params: { fast: 4 } }], source }));
    expect(champion).toMatchObject({ code: 'bad_request', issues: [{ path: 'params.fats' }] });
    const variant = await failure(terminal.api.call('backtest.shadow', { strategy: 'sma-cross', champion: { fast: 3 }, variants: [{ id: 'v1', params: { slo: 40 } }], source }));
    expect(variant).toMatchObject({ code: 'bad_request', issues: [{ path: 'variants.0.params.slo', message: `not a parameter of sma-cross (${SMA_NAMES})` }] });
    expect(variant?.message).toContain('variant v1: slo: not a parameter of sma-cross');
  });

  it('strategies.save refuses them and saves nothing; a live variant refuses them too', async () => {
    const refused = await failure(terminal.api.call('strategies.save', { name: 'typo', strategy: 'sma-cross', params: { fats: 3 }, symbols: ['BTC/USDT'], enabled: false, create: true }));
    expect(refused).toMatchObject({ code: 'bad_request', issues: [{ path: 'params.fats', message: `not a parameter of sma-cross (${SMA_NAMES})` }] });
    expect((await terminal.api.call('strategies.configs', {})).map((config) => config.name)).not.toContain('typo');
    await terminal.api.call('strategies.save', { name: 'typo', strategy: 'sma-cross', params: { fast: 3 }, symbols: ['BTC/USDT'], enabled: false, create: true });
    const shadow = await failure(terminal.api.call('strategies.addShadow', { name: 'typo', id: 'v', params: { slo: 40 } }));
    expect(shadow).toMatchObject({ code: 'bad_request', issues: [{ path: 'params.slo', message: `not a parameter of sma-cross (${SMA_NAMES})` }] });
  });

  it('a strategy file: refused by name in backtests and saves, even before the trader picked it in a form', async () => {
    const saved = await failure(terminal.api.call('strategies.save', { name: 'file-typo', strategy: 'renamer', params: { fast: 3 }, symbols: ['BTC/USDT'], enabled: false, create: true }));
    expect(saved).toMatchObject({ code: 'bad_request', issues: [{ path: 'params.fast', message: 'not a parameter of renamer (its parameters: fats)' }] });
    const run = await failure(terminal.api.call('backtest.run', { strategy: 'renamer', params: { fast: 3 }, source }));
    expect(run).toMatchObject({ code: 'bad_request', issues: [{ path: 'params.fast', message: 'not a parameter of renamer (its parameters: fats)' }] });
  });

  it('a configuration stored with a name its file has since dropped still loads, shows and switches; re-saving it names the field', async () => {
    await terminal.api.call('strategies.save', { name: 'kept', strategy: 'renamer', params: { fats: 3 }, symbols: ['BTC/USDT'], enabled: true, create: true });
    writeFileSync(file, fileWithParam('fast')); // the trader renames the parameter in the file
    const shown = (await terminal.api.call('strategies.configs', {})).find((config) => config.name === 'kept');
    expect(shown).toMatchObject({ strategy: 'renamer', params: { fats: 3 } });
    await expect(terminal.api.call('strategies.setEnabled', { name: 'kept', enabled: false })).resolves.toMatchObject({ name: 'kept', enabled: false });
    await expect(terminal.api.call('strategies.setEnabled', { name: 'kept', enabled: true })).resolves.toMatchObject({ name: 'kept', enabled: true });
    await expect(terminal.api.call('strategies.setEnabled', { name: 'kept', enabled: false })).resolves.toMatchObject({ enabled: false });
    const resaved = await failure(terminal.api.call('strategies.save', { name: 'kept', strategy: 'renamer', params: { fats: 3 }, symbols: ['BTC/USDT'], enabled: false }));
    expect(resaved).toMatchObject({ code: 'bad_request', issues: [{ path: 'params.fats', message: 'not a parameter of renamer (its parameters: fast)' }] });
    await expect(terminal.api.call('strategies.save', { name: 'kept', strategy: 'renamer', params: { fast: 3 }, symbols: ['BTC/USDT'], enabled: false })).resolves.toMatchObject({ params: { fast: 3 } });
  });
});
