import { describe, expect, it } from 'vitest';
import { until } from '../helpers/api-terminal.js';
import { strategyFileTerminal } from '../helpers/strategy-file-terminal.js';

/** A trader's file that throws on every BTC/USDT bar and trades nothing, quietly, on any other symbol. */
const PICKY = `
import { z } from 'zod';
export default {
  apiVersion: 1,
  name: 'picky',
  description: 'throws on BTC/USDT only',
  params: z.object({}),
  timeframes: ['1m'],
  warmupBars: 1,
  create: (_p: unknown, symbol: string) => ({
    onCandle: () => {
      if (symbol === 'BTC/USDT') throw new Error('no BTC today');
      return [];
    },
    readiness: () => 7,
  }),
};
`;
const BTC_FAILED = /^strategy picky on BTC\/USDT failed in onCandle: no BTC today/;

/**
 * A configuration on several symbols whose strategy stops on one of them (20 errors in a row) goes on
 * trading the others: its row says which symbol stopped and why instead of `error:` — that stays for a
 * configuration stopped everywhere (here one on BTC/USDT alone). Public API of a real Terminal, real
 * encrypted store and keychain (run under test/with-keyring.sh).
 */
describe('a strategy stopped on one symbol of its configuration', { timeout: 120_000 }, () => {
  const terminal = strategyFileTerminal('halyard-symbol-stop-', { 'picky.ts': PICKY });

  const row = async (name: string) => (await terminal.api.call('strategies.configs', {})).find((config) => config.name === name);

  it('shows the configuration running, naming the stopped symbol and why, while the others keep their readiness', async () => {
    await terminal.api.call('strategies.save', { name: 'two-coins', strategy: 'picky', symbols: ['BTC/USDT', 'ETH/USDT'], enabled: true, create: true });
    const signals = await until(
      () => terminal.api.call('strategies.signals', { name: 'two-coins', limit: 50 }),
      (list) => list.some((signal) => signal.kind === 'strategy_disabled'),
      'BTC/USDT to be stopped',
      60_000,
    );
    expect(signals.filter((signal) => signal.kind === 'strategy_disabled').map((signal) => signal.reason)).toEqual(['picky on BTC/USDT stopped after 20 errors in a row']);
    const config = await until(() => row('two-coins'), (found) => found?.state.startsWith('running') === true, 'the run to be live', 60_000);
    expect(config?.state).toMatch(/^running · BTC\/USDT stopped: strategy picky on BTC\/USDT failed in onCandle: no BTC today/);
    expect(Object.keys(config?.stoppedSymbols ?? {})).toEqual(['BTC/USDT']);
    expect(config?.stoppedSymbols?.['BTC/USDT']).toMatch(BTC_FAILED);
    expect(config?.readiness).toEqual({ 'BTC/USDT': null, 'ETH/USDT': 7 });
    await terminal.api.call('strategies.setEnabled', { name: 'two-coins', enabled: false });
    const off = await row('two-coins');
    expect([off?.state, off?.stoppedSymbols]).toEqual(['stopped', undefined]);
  });

  it('still says error: for a configuration its strategy stopped on every symbol', async () => {
    await terminal.api.call('strategies.save', { name: 'btc-only', strategy: 'picky', symbols: ['BTC/USDT'], enabled: true, create: true });
    const config = await until(() => row('btc-only'), (found) => found?.state.startsWith('error:') === true, 'the configuration to be stopped', 60_000);
    expect(config?.state.slice('error: '.length)).toMatch(BTC_FAILED);
    await terminal.api.call('strategies.setEnabled', { name: 'btc-only', enabled: false });
  });
});
