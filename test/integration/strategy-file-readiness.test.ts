import { describe, expect, it } from 'vitest';
import { until } from '../helpers/api-terminal.js';
import { strategyFileTerminal } from '../helpers/strategy-file-terminal.js';

/**
 * A trader's file that has not answered with a score yet: its first 15 bars (more than its 11-bar warm-up)
 * fail before it decides anything; from then on it scores 42. 15 errors stay under the 20-in-a-row stop.
 */
const LATE = `
import { z } from 'zod';
let calls = 0;
export default {
  apiVersion: 1,
  name: 'late',
  description: 'answers from its 16th bar on',
  params: z.object({}),
  timeframes: ['1m'],
  warmupBars: 10,
  create: () => ({
    onCandle: () => {
      calls += 1;
      if (calls <= 15) throw new Error('still loading');
      return [];
    },
    readiness: () => 42,
  }),
};
`;

/**
 * A file's readiness before it has answered is unknown (null, shown "—"), as a built-in's whose readiness()
 * throws: not 0, which would claim "not ready" on the file's behalf. Public API of a real Terminal (real
 * encrypted store and keychain: run under test/with-keyring.sh), its market at 60× (a bar a second).
 */
describe('a strategy file that has not answered yet', { timeout: 120_000 }, () => {
  const terminal = strategyFileTerminal('halyard-late-', { 'late.ts': LATE }, { speed: 60 });

  it('shows no readiness until its first score, then that score', async () => {
    await terminal.api.call('strategies.save', { name: 'late-run', strategy: 'late', symbols: ['BTC/USDT'], enabled: true, create: true });
    const row = () => terminal.api.call('strategies.configs', {}).then((list) => list.find((config) => config.name === 'late-run')!);
    const started = await until(row, (config) => config.state === 'running', 'the run to be live', 60_000);
    expect(started.lastError?.message).toMatch(/^strategy late on BTC\/USDT failed in onCandle: still loading/);
    expect(started.readiness).toEqual({ 'BTC/USDT': null });
    const answered = await until(row, (config) => config.readiness['BTC/USDT'] !== null, 'its first score', 60_000);
    expect([answered.state, answered.readiness]).toEqual(['running', { 'BTC/USDT': 42 }]);
    await terminal.api.call('strategies.setEnabled', { name: 'late-run', enabled: false });
  });
});
