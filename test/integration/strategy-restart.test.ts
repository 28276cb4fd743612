import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { until } from '../helpers/api-terminal.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';

/**
 * Strategy trading survives a restart: a Terminal on the real encrypted store (real keychain: run under
 * test/with-keyring.sh) replays a recorded market in which a trader's strategy buys with a stop loss;
 * the terminal shuts down; a new Terminal on the same data dir shows the strategy's position with its
 * exits and the fills with their trade, and when the market falls through the stop the engine sells
 * it with reason `stop_loss` — once. The replay starts over on each start, so the same prices come
 * back after the restart and the fall (bar 650) arrives only after both sessions had time to act.
 */
const T0 = Date.UTC(2024, 0, 1);
const LIVE_FROM = 500; // the replay shows 500 bars of history, then streams from bar 500
const FALL_AT = 650;
const SPEED = 600; // 10 bars a second: the fall comes ~15 s after a start

const STRATEGY = `
import { z } from 'zod';

const params = z.object({
  from: z.number().int().default(0).describe('Enter only on bars closing after this time'),
  stop: z.number().positive().default(95).describe('Stop loss price'),
});

export default {
  apiVersion: 1,
  name: 'enter-with-stop',
  description: 'Test strategy: buys 1000 USDT worth when flat near 100, with a stop, a take profit, a trailing stop and a time exit.',
  params,
  timeframes: ['1m'],
  warmupBars: 1,
  create(p, symbol) {
    return {
      onCandle(ctx) {
        const close = ctx.candle.close;
        if (ctx.position !== null || ctx.time <= p.from || close < 99 || close > 101) return [];
        return [{ kind: 'enter', symbol, size: { kind: 'quote', amount: 1000 }, orderType: 'market', reason: 'flat near 100',
          exits: { stopLoss: p.stop, takeProfits: [{ price: 130, fraction: 1 }], trailing: { activationPrice: 125, distancePct: 5 }, maxHoldMs: 864000000 } }];
      },
      readiness() { return 0; },
    };
  },
};
`;

function replayCsv(): string {
  const rows = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < 900; i++) {
    const level = i < FALL_AT ? 100 + ((i % 3) - 1) * 0.1 : 90 + ((i % 3) - 1) * 0.1;
    rows.push(`${T0 + i * 60_000},${level},${level + 0.2},${level - 0.2},${level},1000`);
  }
  return rows.join('\n');
}

const terminals = restartableTerminal();

function setUp(): { dataDir: string; file: string } {
  const dataDir = terminals.dataDir('halyard-strategy-restart-');
  mkdirSync(join(dataDir, 'strategies'), { recursive: true });
  writeFileSync(join(dataDir, 'strategies', 'enter-with-stop.js'), STRATEGY);
  const file = join(dataDir, 'TESTUSDT-1m.csv');
  writeFileSync(file, replayCsv());
  return { dataDir, file };
}

function start(where: { dataDir: string; file: string }): Promise<ApiClient> {
  return terminals.start({ dataDir: where.dataDir, market: { kind: 'replay', file: where.file }, speed: SPEED, tickMs: 20 });
}

const ID = 'paper:bot:TEST/USDT';

async function strategyPosition(api: ApiClient) {
  return (await api.call('positions.list', {})).find((p) => p.id === ID);
}

async function enterOnFirstSession(api: ApiClient) {
  await api.call('strategies.save', { name: 'bot', strategy: 'enter-with-stop', params: { from: T0 + LIVE_FROM * 60_000, stop: 95 }, symbols: ['TEST/USDT'], enabled: true });
  const position = (await until(() => strategyPosition(api), (p) => p !== undefined, 'the strategy to enter'))!;
  const fills = await until(() => api.call('fills.list', {}), (list) => list.length === 1, 'the entry fill');
  // The market has not reached the fall yet: the test relies on stopping before it.
  expect(Math.min(...(await api.call('market.history', { symbol: 'TEST/USDT', timeframe: '1m', limit: 5 })).candles.low)).toBeGreaterThan(99);
  return { position, entry: fills[0]! };
}

describe('strategy trading across a restart', () => {
  it('rebuilds the position with its exits and trade ids; the re-armed stop exits it once with stop_loss', async () => {
    const where = setUp();
    let api = await start(where);
    const { position, entry } = await enterOnFirstSession(api);
    expect(position).toMatchObject({ source: 'bot', stopLoss: 95, takeProfits: [{ price: 130, fraction: 1 }], trailing: { active: false, stop: null } });
    expect(entry).toMatchObject({ side: 'buy', source: 'bot', exitReason: null, tradeId: expect.stringMatching(/^bot-/) });
    await terminals.stop();

    api = await start(where);
    // Before any new bar could move it: the same position, rebuilt from the journal's fills, exits re-armed.
    const restored = await strategyPosition(api);
    expect(restored).toMatchObject({ source: 'bot', quantity: position.quantity, averageEntry: position.averageEntry, openedAt: position.openedAt, tranches: position.tranches });
    expect(restored).toMatchObject({ stopLoss: 95, takeProfits: [{ price: 130, fraction: 1 }], trailing: { active: false, stop: null } });
    const [config] = await api.call('strategies.configs', {});
    expect(config).toMatchObject({ name: 'bot', openPositions: 1 });
    // Trade History still groups the bot's fill into its trade after the restart.
    expect(await api.call('fills.list', {})).toEqual([entry]);

    // The replay reaches the fall: the engine's restored stop sells the position, with the one reason.
    await until(() => strategyPosition(api), (p) => p === undefined, 'the stop to close the position', 40_000);
    const fills = await until(() => api.call('fills.list', {}), (list) => list.length === 2, 'the exit fill');
    expect(fills[1]).toMatchObject({ side: 'sell', source: 'bot', symbol: 'TEST/USDT', tradeId: entry.tradeId, exitReason: 'stop_loss', amount: position.quantity });
    expect(fills[1]!.price).toBeLessThan(95);

    // Exactly once: more bars below the stop send nothing more.
    const marketTime = async () => (await api.call('market.history', { symbol: 'TEST/USDT', timeframe: '1m', limit: 1 })).candles.time[0]!;
    const seen = await marketTime();
    await until(marketTime, (time) => time >= seen + 20 * 60_000, '20 more bars');
    const orders = (await api.call('orders.list', { status: 'all' })).filter((o) => o.source === 'bot');
    expect(orders.map((o) => [o.side, o.status])).toEqual([
      ['sell', 'filled'],
      ['buy', 'filled'],
    ]);
    expect(await api.call('fills.list', {})).toHaveLength(2);
    expect(await api.call('positions.list', {})).toEqual([]);

    // Its realized P&L is the P&L tab's figure for it (after fees, all it traded), and stays so after a restart.
    const realized = async () => ({
      row: (await api.call('strategies.configs', {}))[0]!.realizedPnl,
      pnlTab: (await api.call('pnl.summary', {})).bySource.find((s) => s.source === 'bot')?.periods.all.realizedNet,
    });
    const shown = await until(realized, (r) => r.row === r.pnlTab, 'the row to show the P&L tab’s figure');
    expect(shown.row).toBeLessThan(0); // stopped out below the entry, fees on top
    await terminals.stop();
    api = await start(where);
    expect(await realized()).toEqual(shown);
  }, 120_000);

  it('shows a disabled configuration’s position after a restart and closes it from the row; P&L starts over at a reset', async () => {
    const where = setUp();
    let api = await start(where);
    const { position, entry } = await enterOnFirstSession(api);
    await api.call('strategies.setEnabled', { name: 'bot', enabled: false });
    // Disabling stops the engine, not the holding: the position is still on the account.
    expect(await strategyPosition(api)).toMatchObject({ source: 'bot', quantity: position.quantity, stopLoss: 95 });
    await terminals.stop();

    api = await start(where);
    expect(await strategyPosition(api)).toMatchObject({ source: 'bot', quantity: position.quantity, averageEntry: position.averageEntry, stopLoss: 95 });
    const close = await api.call('positions.close', { id: ID });
    expect(close).toMatchObject({ side: 'sell', source: 'bot', amount: position.quantity });
    await until(() => api.call('positions.list', {}), (list) => list.length === 0, 'the position to close');
    const fills = await until(() => api.call('fills.list', {}), (list) => list.length === 2, 'the exit fill');
    // (Found by side: the replay started over, so this exit's market time may precede the entry's.)
    expect(fills.find((f) => f.side === 'sell')).toMatchObject({ source: 'bot', symbol: 'TEST/USDT', amount: position.quantity, tradeId: entry.tradeId, exitReason: 'manual' });

    const before = await api.call('pnl.summary', {});
    expect(before.periods.all.exits).toBe(1);
    expect(before.bySource.map((s) => s.source)).toEqual(['bot']);
    await api.call('accounts.resetPaper', {});
    const after = await api.call('pnl.summary', {});
    expect(after.periods.all).toMatchObject({ exits: 0, realizedGross: 0, fees: 0, net: 0, costBasis: 0 });
    expect(after.bySource).toEqual([]);
    expect(after.equity.value).toEqual([10_000]);
    await terminals.stop();

    // The boundary is saved with the reset: after a restart P&L still starts there, history is kept.
    api = await start(where);
    expect((await api.call('pnl.summary', {})).periods.all.exits).toBe(0);
    expect(await api.call('fills.list', {})).toHaveLength(2);
    expect(await api.call('positions.list', {})).toEqual([]);
  }, 90_000);
});
