import { describe, expect, it } from 'vitest';
import type { ActiveFilter } from '../../../core/orchestrator/desk.js';
import { deskWorld } from './desk-world.js';

const seedConfigs = [
  { name: 'swing', strategy: 'breakout' },
  { name: 'range', strategy: 'channel' },
];

/**
 * The learned filter as one component of a setup's score: (1 − w) × the strategy's score + w × 100 ×
 * P(win), with the weight w from the configuration's policy. The model's answer is set by the test so
 * the hand-computed blends are exact; the desk, arbitration and the decision log are the real ones.
 */
describe('the learned filter at the admission desk', () => {
  it('blends into the score that wins a coin, skips setups below the minimum with the weight named, and weighs nothing at weight 0', async () => {
    let pWin = 0.95;
    const model: ActiveFilter = { version: 3, predict: () => ({ pWin, expectedReturn: 0.01 }) };
    const world = deskWorld({ configs: seedConfigs, filter: (config) => (config === 'swing' ? model : null) });

    // swing's own 65 trails range's 72, but 0.7 × 65 + 0.3 × 95 = 74 wins the coin.
    world.openBar('BTC/USDT', 64_000);
    const swing = world.submit(world.order('swing', 'BTC/USDT', 500, 64_000, { score: 65 }));
    const range = world.submit(world.order('range', 'BTC/USDT', 500, 64_000, { score: 72 }));
    world.desk.settleBar('BTC/USDT', []);
    expect(await swing).toMatchObject({ ok: true });
    expect(await range).toMatchObject({ ok: false, message: 'same bar: swing also wants BTC/USDT and scores higher (74 against 72)' });
    expect(world.store.decisions.recent({ config: 'swing', limit: 1 })[0]).toMatchObject({ verdict: 'entered', score: 74, modelScore: 95, threshold: 50 });
    // Without a filter, the strategy's own score stands and no model score is logged.
    expect(world.store.decisions.recent({ config: 'range', limit: 1 })[0]).toMatchObject({ verdict: 'skipped', score: 72, modelScore: null, threshold: null });

    // The model gives the setup 5 %: 0.7 × 60 + 0.3 × 5 = 43.5, below the minimum of 50.
    pWin = 0.05;
    world.openBar('ETH/USDT', 3_000);
    const weak = world.submit(world.order('swing', 'ETH/USDT', 300, 3_000, { score: 60 }));
    world.desk.settleBar('ETH/USDT', []);
    const reason = 'learned filter v3: setup score 43.5 (rule 60, model 5 at weight 0.3) is below 50';
    expect(await weak).toEqual({ ok: false, stage: 'risk', message: reason });
    expect(world.store.decisions.recent({ config: 'swing', limit: 1 })[0]).toMatchObject({ verdict: 'skipped', reason, modelScore: 5 });
    expect(world.sent.filter((s) => s.symbol === 'ETH/USDT')).toEqual([]);

    // The trader sets the weight to 0: the strategy's own score alone decides.
    world.policies.set('swing', { filterWeight: 0 });
    world.openBar('ETH/USDT', 3_001);
    const own = world.submit(world.order('swing', 'ETH/USDT', 300, 3_001, { score: 60 }));
    world.desk.settleBar('ETH/USDT', []);
    expect(await own).toMatchObject({ ok: true });
    expect(world.store.decisions.recent({ config: 'swing', limit: 1 })[0]).toMatchObject({ verdict: 'entered', score: 60 });
  });
});
