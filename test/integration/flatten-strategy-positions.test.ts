import { afterEach, describe, expect, it } from 'vitest';
import { apiTerminal, until } from '../helpers/api-terminal.js';

let current: Awaited<ReturnType<typeof apiTerminal>> | null = null;

afterEach(async () => {
  await current?.close();
  current = null;
});

describe('emergency stop and flatten with a strategy holding a position', () => {
  it("closes the strategy's own position too: the engine no longer believes in it, and after re-arm it trades again", async () => {
    current = await apiTerminal({ speed: 600, tickMs: 20 });
    const { api } = current;
    await until(() => api.call('risk.state', {}), (s) => !s.reconciling, 'start-up reconciliation');
    // A fast crossover on 1m bars: it enters within seconds of simulated market.
    await api.call('strategies.save', { name: 'sma-x', strategy: 'sma-cross', params: { fast: 2, slow: 5, stake: 0.01 }, symbols: ['BTC/USDT'], enabled: true });
    await until(() => api.call('strategies.configs', {}), (c) => c[0]?.openPositions === 1, 'the strategy to hold a position');

    const stopped = await api.call('risk.emergencyStop', { source: 'button', flatten: true });
    expect(stopped.halted).toBe(true);
    const flatten = stopped.stop?.flatten;
    expect(flatten?.verified).toBe(true);
    expect(flatten?.positions).toContainEqual(expect.objectContaining({ symbol: 'BTC/USDT', outcome: 'closed' }));

    // The engine learned of the flatten's fills: no strategy position left anywhere the trader looks.
    const [config] = await api.call('strategies.configs', {});
    expect(config).toMatchObject({ name: 'sma-x', openPositions: 0 });
    expect((await api.call('positions.list', {})).filter((p) => p.source === 'sma-x')).toEqual([]);
    const signals = await api.call('strategies.signals', { name: 'sma-x', limit: 100 });
    expect(signals.some((s) => s.kind === 'exit' && s.reason === 'emergency_stop')).toBe(true);

    // Re-armed, it enters again — it would not while it still believed it was long — and what it holds is what the account holds.
    await api.call('risk.rearm', { confirm: true });
    await until(() => api.call('strategies.configs', {}), (c) => c[0]?.openPositions === 1, 'a new entry after re-arm');
    const row = (await api.call('positions.list', {})).find((p) => p.source === 'sma-x');
    expect(row?.quantity).toBe(0.01);
    const blocked = (await api.call('strategies.signals', { name: 'sma-x', limit: 200 })).filter((s) => s.kind === 'order_rejected');
    expect(blocked).toEqual([]);
  }, 60_000);
});
