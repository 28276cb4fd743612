import { describe, expect, it } from 'vitest';
import { until } from '../helpers/api-terminal.js';
import { strategyFileTerminal } from '../helpers/strategy-file-terminal.js';

/** A trader's file that returns an entry with a negative quantity on every bar: garbage, never a throw. */
const GARBAGE = `
import { z } from 'zod';
export default {
  apiVersion: 1,
  name: 'garbage',
  description: 'returns a malformed intent every bar',
  params: z.object({}),
  timeframes: ['1m'],
  warmupBars: 1,
  create: (_p: unknown, symbol: string) => ({
    onCandle: () => [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: -1 }, orderType: 'market', reason: 'x' }],
    readiness: () => 0,
  }),
};
`;
const MALFORMED = 'strategy garbage on BTC/USDT failed in intent: invalid intent: size.quantity: must be greater than 0';

/**
 * A file returning a malformed intent on every bar, the trader's way (public API of a real Terminal, real
 * encrypted store and keychain: run under test/with-keyring.sh): switched off after 20 in a row, exactly as a
 * file throwing on every bar is, instead of being refused bar after bar for ever.
 */
describe('a strategy file returning garbage every bar', { timeout: 120_000 }, () => {
  const terminal = strategyFileTerminal('halyard-garbage-', { 'garbage.ts': GARBAGE });

  it('is stopped in a backtest after 20 bars, the risk events saying what was malformed and that it stopped', async () => {
    const result = await terminal.api.call('backtest.run', { strategy: 'garbage', source: { kind: 'simulated', seed: 3, bars: 300 } });
    const events = result.riskEvents.filter((event) => event.kind.startsWith('strategy_'));
    expect(events.map((event) => [event.kind, event.detail])).toEqual([
      ['strategy_error', MALFORMED],
      ['strategy_disabled', 'garbage on BTC/USDT stopped after 20 errors in a row'],
    ]);
    expect(result.noTradesReason).toBe(`0 trades: ${MALFORMED} — stopped after 20 errors in a row; see the risk events below`);
  });

  it('is stopped when it runs on paper: its row says what was malformed, its log that it stopped', async () => {
    await terminal.api.call('strategies.save', { name: 'garbage-run', strategy: 'garbage', symbols: ['BTC/USDT'], enabled: true, create: true });
    const signals = await until(
      () => terminal.api.call('strategies.signals', { name: 'garbage-run', limit: 50 }),
      (list) => list.some((signal) => signal.kind === 'strategy_disabled'),
      'the configuration to be stopped',
      60_000,
    );
    expect(signals.find((signal) => signal.kind === 'strategy_disabled')?.reason).toBe('garbage on BTC/USDT stopped after 20 errors in a row');
    const row = (await terminal.api.call('strategies.configs', {})).find((config) => config.name === 'garbage-run');
    expect(row?.state).toBe(`error: ${MALFORMED}`);
    await terminal.api.call('strategies.setEnabled', { name: 'garbage-run', enabled: false });
  });
});
