import { describe, expect, it } from 'vitest';
import { checkPlan, familyOf, resolveAllocation } from '../../../core/orchestrator/allocation.js';
import { capitalUse } from '../../../core/orchestrator/capital.js';
import { deskWorld } from './desk-world.js';

const configs = [
  { name: 'grid-btc', strategy: 'dca-grid', account: 'paper' },
  { name: 'grid-eth', strategy: 'dca-grid', account: 'paper' },
  { name: 'swing-a', strategy: 'breakout', account: 'paper' },
  { name: 'fib', strategy: 'fibonacci', account: 'paper' },
  { name: 'range', strategy: 'channel', account: 'paper' },
  { name: 'live-grid', strategy: 'dca-grid', account: 'binance:main' },
];

describe('capital allocation: the seed default', () => {
  it('keeps 20 % in cash and splits the rest DCA 40 % / Swing 30 % / Channel 30 % between the account’s configurations', () => {
    const plan = resolveAllocation('paper', null, configs, 10_000);
    expect(plan.seed).toBe(true);
    expect(plan.reserve).toBe(2_000);
    expect(plan.deployable).toBe(8_000);
    // DCA: 40 % of 8,000 = 3,200, two grids on paper (the live one is another account's); Swing 2,400 for two; Channel 2,400.
    expect(Object.fromEntries(plan.budgets.map((b) => [b.config, b.amount]))).toEqual({ 'grid-btc': 1_600, 'grid-eth': 1_600, 'swing-a': 1_200, fib: 1_200, range: 2_400 });
    expect(plan.budgets.reduce((sum, b) => sum + b.percentOfEquity, 0)).toBeCloseTo(80, 10);
    expect(familyOf('sma-cross')).toBe('Swing');
  });
});

describe('capital allocation: a trader’s plan', () => {
  it('may not allocate more than 100 % − reserve: refused with the numbers', () => {
    const problem = checkPlan('paper', { reservePct: 20, budgets: [{ config: 'grid-btc', kind: 'percent', value: 50 }, { config: 'swing-a', kind: 'amount', value: 3_500 }] }, configs, 10_000, 'USDT');
    expect(problem?.message).toBe('budgets add up to 85 % of equity (grid-btc 50 %, swing-a 3,500.00 USDT (35 %)) at equity 10,000.00 USDT, but with a 20 % cash reserve at most 80 % may be allocated: lower them by 5 %');
    expect(problem?.issues).toEqual([{ path: 'budgets', message: problem!.message }]);
    expect(checkPlan('paper', { reservePct: 20, budgets: [{ config: 'grid-btc', kind: 'percent', value: 50 }, { config: 'swing-a', kind: 'amount', value: 3_000 }] }, configs, 10_000, 'USDT')).toBeNull();
  });

  it('a sum just over what is allowed reads over it, with by how much: never "80 % … at most 80 % … lower them by 0 %"', () => {
    const budgets = (['grid-btc', 'grid-eth', 'fib'] as const).map((config) => ({ config, kind: 'percent' as const, value: 26.6667 }));
    const problem = checkPlan('paper', { reservePct: 20, budgets }, configs, 10_000, 'USDT');
    expect(problem?.message).toBe('budgets add up to 80.0001 % of equity (grid-btc 26.6667 %, grid-eth 26.6667 %, fib 26.6667 %), but with a 20 % cash reserve at most 80 % may be allocated: lower them by 0.0001 %');
  });

  it('names the budget that is wrong: another account’s configuration, a duplicate, an amount without a known equity', () => {
    const problem = checkPlan('paper', { reservePct: 10, budgets: [{ config: 'live-grid', kind: 'percent', value: 5 }, { config: 'fib', kind: 'percent', value: 5 }, { config: 'fib', kind: 'amount', value: 100 }] }, configs, null, 'USDT');
    expect(problem?.issues).toEqual([
      { path: 'budgets.0.config', message: 'live-grid is not a configuration on paper' },
      { path: 'budgets.2.config', message: 'fib is listed twice' },
      { path: 'budgets.2.value', message: 'the equity of paper is not known yet: give budgets in % until it is connected' },
    ]);
  });
});

/** A seeded generator: the same run every time. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

describe('budgets and the reserve hold across many configurations (seeded)', () => {
  it('over 400 bars of random entries from 12 configurations on 5 coins while equity falls, no entry takes a configuration past its budget or strategies into the reserve', async () => {
    const random = seeded(18);
    const names = Array.from({ length: 12 }, (_, i) => ({ name: `c${i}`, strategy: ['dca-grid', 'breakout', 'channel'][i % 3]! }));
    const stacking = Object.fromEntries(names.map((c) => [c.name, { allowStacking: true, kellySizing: false }]));
    const world = deskWorld({ configs: names, equity: 50_000, policies: stacking, plan: { reservePct: 25, budgets: names.map((c, i) => ({ config: c.name, kind: i % 4 === 0 ? ('amount' as const) : ('percent' as const), value: i % 4 === 0 ? 4_000 : 5.5 })) } });
    const symbols = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'DOGE/USDT'];
    let refusedBudget = 0;
    let refusedReserve = 0;
    let equity = 50_000;
    let before = world.allocation.snapshot('paper');
    for (let bar = 0; bar < 400; bar++) {
      // Equity slides 3 % every 40 bars: the fixed budgets then press against the reserve.
      if (bar % 40 === 39) world.setEquity((equity *= 0.97));
      const symbol = symbols[bar % symbols.length]!;
      const price = 100 + random() * 10;
      world.openBar(symbol, price);
      const outcomes: Promise<{ ok: boolean; message?: string }>[] = [];
      for (const config of names) {
        if (random() < 0.35) outcomes.push(world.submit(world.order(config.name, symbol, 100 + random() * 900, price, { purpose: world.positions.has(`${config.name}|${symbol}`) ? 'add' : 'enter' })));
      }
      world.desk.settleBar(symbol, []);
      for (const outcome of await Promise.all(outcomes)) {
        if (outcome.ok) continue;
        if (/budget used/.test(outcome.message ?? '')) refusedBudget++;
        if (/cash reserve/.test(outcome.message ?? '')) refusedReserve++;
      }
      // Whatever grew this bar grew within its limit (positions bought earlier may exceed a budget that shrank since).
      const snapshot = world.allocation.snapshot('paper');
      for (const line of snapshot.budgets) {
        if (line.used.total > before.budgets.find((b) => b.config === line.config)!.used.total + 1e-9) expect(line.used.total).toBeLessThanOrEqual(line.budget + 1e-6);
      }
      if (snapshot.used > before.used + 1e-9) expect(snapshot.used).toBeLessThanOrEqual(snapshot.deployable + 1e-6);
      before = snapshot;
    }
    // The run did press against both limits.
    expect(refusedBudget).toBeGreaterThan(10);
    expect(refusedReserve).toBeGreaterThan(0);
    const snapshot = world.allocation.snapshot('paper');
    expect(snapshot.budgets.every((line) => line.free < 1_000)).toBe(true);
    expect(snapshot.reserve).toBeCloseTo(equity * 0.25, 6);
    expect(capitalUse('c1', [...world.positions.values()], []).total).toBeCloseTo(snapshot.budgets.find((b) => b.config === 'c1')!.used.total, 6);
  });

  it('refuses an entry beyond the budget with the numbers, and one that would dip into the reserve', async () => {
    const world = deskWorld({ configs: [{ name: 'a', strategy: 'breakout' }, { name: 'b', strategy: 'breakout' }], plan: { reservePct: 20, budgets: [{ config: 'a', kind: 'amount', value: 1_000 }, { config: 'b', kind: 'percent', value: 70 }] } });
    world.openBar('BTC/USDT', 100);
    const first = world.submit(world.order('a', 'BTC/USDT', 800, 100));
    world.desk.settleBar('BTC/USDT', []);
    expect(await first).toMatchObject({ ok: true });
    world.openBar('ETH/USDT', 50);
    const second = world.submit(world.order('a', 'ETH/USDT', 300, 50));
    world.desk.settleBar('ETH/USDT', []);
    expect(await second).toEqual({ ok: false, stage: 'risk', message: 'a: budget used — 800.00 USDT of 1,000.00 USDT in use, this entry needs 300.00 USDT (free 200.00 USDT)' });
    // b may use 7,000 by its budget: asking for 7,300 is refused, 6,300 goes.
    world.openBar('ETH/USDT', 50);
    const third = world.submit(world.order('b', 'ETH/USDT', 7_300, 50));
    world.desk.settleBar('ETH/USDT', []);
    expect(await third).toMatchObject({ ok: false, message: 'b: budget used — 0.00 USDT of 7,000.00 USDT in use, this entry needs 7,300.00 USDT (free 7,000.00 USDT)' });
    world.openBar('ETH/USDT', 50);
    const fourth = world.submit(world.order('b', 'ETH/USDT', 6_300, 50, { tradeId: 'b-2' }));
    world.desk.settleBar('ETH/USDT', []);
    expect(await fourth).toMatchObject({ ok: true });
    // Equity falls to 9,000: strategies may now use 7,200 in all; a's fixed 1,000 still has 200 free, but that 200 would be the reserve's.
    world.setEquity(9_000);
    world.openBar('SOL/USDT', 20);
    const reserve = world.submit(world.order('a', 'SOL/USDT', 200, 20));
    world.desk.settleBar('SOL/USDT', []);
    expect(await reserve).toEqual({ ok: false, stage: 'risk', message: 'a: this entry of 200.00 USDT would dip into the 20 % cash reserve of paper — strategies already commit 7,100.00 USDT of the 7,200.00 USDT they may use (equity 9,000.00 USDT)' });
    const refusals = world.store.decisions.recent({ verdict: 'refused', limit: 10 });
    expect(refusals.map((d) => d.config)).toEqual(['a', 'b', 'a']);
    expect(Object.keys(refusals[0]!.features)).toContain('volatility_24h');
  });

  it('while the equity is not known, a share of it is not read as a budget lowered below what is in use; a fixed amount still is', async () => {
    const world = deskWorld({ configs: [{ name: 'a', strategy: 'breakout' }, { name: 'b', strategy: 'breakout' }], plan: { reservePct: 20, budgets: [{ config: 'a', kind: 'percent', value: 30 }, { config: 'b', kind: 'amount', value: 1_000 }] } });
    for (const [config, symbol, notional] of [['a', 'BTC/USDT', 800], ['b', 'ETH/USDT', 900]] as const) {
      world.openBar(symbol, 100);
      const entry = world.submit(world.order(config, symbol, notional, 100));
      world.desk.settleBar(symbol, []);
      expect(await entry).toMatchObject({ ok: true });
    }
    // b's budget lowered to 500 USDT: over it by 400 whatever the equity.
    world.allocation.set('paper', { reservePct: 20, budgets: [{ config: 'a', kind: 'percent', value: 30 }, { config: 'b', kind: 'amount', value: 500 }] });
    world.setEquity(null);
    const snapshot = world.allocation.snapshot('paper');
    expect(snapshot.known).toBe(false);
    expect(snapshot.budgets.map((line) => [line.config, line.used.total, line.overBy ?? null])).toEqual([
      ['a', 800, null],
      ['b', 900, 400],
    ]);
  });
});
