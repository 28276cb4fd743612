import { describe, expect, it } from 'vitest';
import { arbitrate } from '../../../core/orchestrator/arbitration.js';
import { deskWorld } from './desk-world.js';

const seedConfigs = [
  { name: 'grid', strategy: 'dca-grid' },
  { name: 'swing', strategy: 'breakout' },
  { name: 'range', strategy: 'channel' },
];

describe('conflict rules (pure)', () => {
  it('the higher score wins the coin on a bar; ties go to the first by name; a configuration allowed to stack is not forced out', () => {
    const wishes = [
      { config: 'swing', opening: true, score: 65, stacking: false },
      { config: 'range', opening: true, score: 72, stacking: false },
      { config: 'grid', opening: true, score: 40, stacking: true },
    ];
    const result = arbitrate('BTC/USDT', wishes, [], []);
    expect([...result.skipped]).toEqual([['swing', 'same bar: range also wants BTC/USDT and scores higher (72 against 65)']]);
    const tie = arbitrate('BTC/USDT', [{ config: 'b', opening: true, score: 70, stacking: false }, { config: 'a', opening: true, score: 70, stacking: false }], [], []);
    expect(tie.skipped.get('b')).toBe('same bar: a also wants BTC/USDT and scores the same (70) and comes first by name');
  });

  it('opposing signals on one coin skip both; one position per coin unless stacking; adds to one’s own position are no conflict', () => {
    const opposed = arbitrate('ETH/USDT', [{ config: 'swing', opening: true, score: 90, stacking: true }], [], ['range']);
    expect(opposed.skipped.get('swing')).toBe('opposing signals on ETH/USDT: range wants out while swing wants in — both skipped this bar');
    expect(opposed.exitsHeld).toBe(opposed.skipped.get('swing'));
    // The same configuration's own exit and entry are not opposing.
    expect(arbitrate('ETH/USDT', [{ config: 'swing', opening: false, score: 90, stacking: false }], [], ['swing']).exitsHeld).toBeNull();
    const held = arbitrate('ETH/USDT', [{ config: 'swing', opening: true, score: 90, stacking: false }, { config: 'grid', opening: false, score: 10, stacking: false }], [{ owner: 'grid', kind: 'position' }], []);
    expect([...held.skipped]).toEqual([['swing', 'one position per coin: ETH/USDT is held by grid (allow stacking for swing to share it)']]);
    expect(arbitrate('ETH/USDT', [{ config: 'swing', opening: true, score: 90, stacking: true }], [{ owner: 'grid', kind: 'order' }], []).skipped.size).toBe(0);
  });
});

describe('the admission desk picks as specified and logs the loser with why', () => {
  it('two configurations want BTC on the same bar: the higher score is sent, the other is skipped and logged with its features', async () => {
    const world = deskWorld({ configs: seedConfigs });
    world.openBar('BTC/USDT', 64_000);
    const swing = world.submit(world.order('swing', 'BTC/USDT', 500, 64_000, { score: 65 }));
    const range = world.submit(world.order('range', 'BTC/USDT', 500, 64_000, { score: 72 }));
    // Nothing leaves before the bar is settled: all of its wishes are weighed together.
    expect(world.sent).toEqual([]);
    world.desk.settleBar('BTC/USDT', []);
    expect(await range).toMatchObject({ ok: true });
    expect(await swing).toEqual({ ok: false, stage: 'risk', message: 'same bar: range also wants BTC/USDT and scores higher (72 against 65)' });
    expect(world.sent.map((s) => s.config)).toEqual(['range']);
    const [loser] = world.store.decisions.recent({ config: 'swing', limit: 5 });
    expect(loser).toMatchObject({ verdict: 'skipped', reason: 'same bar: range also wants BTC/USDT and scores higher (72 against 65)', score: 65, symbol: 'BTC/USDT', source: 'paper' });
    expect(Object.keys(loser!.features)).toEqual(expect.arrayContaining(['rule_score', 'ret_1h', 'volatility_24h', 'liquidity_tier', 'spread_bps']));
    expect(loser!.features.rule_score).toBe(65);
    const [winner] = world.store.decisions.recent({ config: 'range', limit: 5 });
    expect(winner).toMatchObject({ verdict: 'entered', tradeId: 'range-t', score: 72 });

    // Next bar: swing wants BTC again, but range holds it — one position per coin.
    world.openBar('BTC/USDT', 64_100);
    const again = world.submit(world.order('swing', 'BTC/USDT', 500, 64_100, { score: 99 }));
    world.desk.settleBar('BTC/USDT', []);
    expect(await again).toMatchObject({ ok: false, message: 'one position per coin: BTC/USDT is held by range (allow stacking for swing to share it)' });
    // Allowed to stack, it gets it.
    world.policies.set('swing', { allowStacking: true });
    world.openBar('BTC/USDT', 64_200);
    const stacked = world.submit(world.order('swing', 'BTC/USDT', 500, 64_200));
    world.desk.settleBar('BTC/USDT', []);
    expect(await stacked).toMatchObject({ ok: true });
  });

  it('without scores, readiness decides; opposing signals skip both — the entry and the other configuration’s signal exit', async () => {
    const world = deskWorld({ configs: seedConfigs });
    world.openBar('ETH/USDT', 3_000);
    const a = world.submit(world.order('grid', 'ETH/USDT', 300, 3_000, { readiness: () => 88 }));
    const b = world.submit(world.order('swing', 'ETH/USDT', 300, 3_000, { readiness: () => 97 }));
    world.desk.settleBar('ETH/USDT', []);
    expect(await a).toMatchObject({ ok: false, message: 'same bar: swing also wants ETH/USDT and scores higher (97 against 88)' });
    expect(await b).toMatchObject({ ok: true });

    world.openBar('SOL/USDT', 150);
    const exit = world.desk.submit({ ...world.order('swing', 'SOL/USDT', 100, 150), side: 'sell', purpose: 'exit', exitReason: 'signal' }, async () => ({ ok: false, stage: 'exchange', message: 'must not be sent' }));
    const entry = world.submit(world.order('range', 'SOL/USDT', 100, 150));
    world.desk.settleBar('SOL/USDT', []);
    expect(await entry).toMatchObject({ ok: false, message: 'opposing signals on SOL/USDT: swing wants out while range wants in — both skipped this bar' });
    expect(await exit.done).toMatchObject({ ok: false, message: 'opposing signals on SOL/USDT: swing wants out while range wants in — both skipped this bar; the exit is tried again on the next bar' });
    // A stop loss never waits for the bar.
    let sent = false;
    world.openBar('SOL/USDT', 149);
    const stop = world.desk.submit({ ...world.order('swing', 'SOL/USDT', 100, 149), side: 'sell', purpose: 'exit', exitReason: 'stop_loss' }, async () => {
      sent = true;
      return { ok: false, stage: 'exchange', message: 'venue said no' };
    });
    expect(sent).toBe(true);
    expect(await stop.done).toMatchObject({ message: 'venue said no' });
    world.desk.settleBar('SOL/USDT', []);
  });

  it('logs a near miss once per episode — readiness within 10 points of acting, no entry — with its features', () => {
    const world = deskWorld({ configs: seedConfigs });
    let readiness = 93;
    const candidates = [{ account: 'paper', config: 'grid', strategy: 'dca-grid', version: 3, readiness: () => readiness, holds: false }];
    for (let i = 0; i < 3; i++) {
      world.openBar('BTC/USDT', 64_000 + i);
      world.desk.settleBar('BTC/USDT', candidates);
    }
    readiness = 40;
    world.openBar('BTC/USDT', 64_010);
    world.desk.settleBar('BTC/USDT', candidates);
    readiness = 91;
    world.openBar('BTC/USDT', 64_020);
    world.desk.settleBar('BTC/USDT', candidates);
    const misses = world.store.decisions.recent({ verdict: 'near_miss', limit: 10 });
    expect(misses.map((m) => m.score)).toEqual([91, 93]);
    expect(misses[0]).toMatchObject({ config: 'grid', version: 3, threshold: 100, reason: 'readiness 91: within 10 points of acting (100) without an entry' });
    expect(misses[0]!.features.hour_utc).toBe(new Date(misses[0]!.time).getUTCHours());
  });

  it('a same-bar winner the desk lets nothing through for (no budget here) does not leave the coin unbought: the next best contests again', async () => {
    const world = deskWorld({ configs: seedConfigs, plan: { reservePct: 20, budgets: [{ config: 'swing', kind: 'percent', value: 30 }, { config: 'grid', kind: 'percent', value: 30 }] } });
    world.openBar('BTC/USDT', 64_000);
    const swing = world.submit(world.order('swing', 'BTC/USDT', 500, 64_000, { score: 65 }));
    const range = world.submit(world.order('range', 'BTC/USDT', 500, 64_000, { score: 72 }));
    const grid = world.submit(world.order('grid', 'BTC/USDT', 500, 64_000, { score: 40 }));
    world.desk.settleBar('BTC/USDT', []);
    expect(await range).toMatchObject({ ok: false, message: 'range has no budget on paper: give it one under Strategies → Budgets' });
    expect(await swing).toMatchObject({ ok: true });
    expect(await grid).toMatchObject({ ok: false, message: 'same bar: swing also wants BTC/USDT and scores higher (65 against 40)' });
    expect(world.sent.map((s) => s.config)).toEqual(['swing']);
    expect(world.store.decisions.recent({ limit: 10 }).map((d) => [d.config, d.verdict])).toEqual(expect.arrayContaining([['range', 'refused'], ['swing', 'entered'], ['grid', 'skipped']]));
  });
});
