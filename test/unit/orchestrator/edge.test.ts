import { describe, expect, it } from 'vitest';
import { edgeStats, kellyFraction, type TradeReturn } from '../../../core/orchestrator/edge.js';
import { EdgeBook, type EdgeDecayAlert } from '../../../core/orchestrator/edge-book.js';
import { smaCrossParamsSchema } from '../../../core/strategies/sma-cross.js';
import { deskWorld, memoryStore, T0 } from './desk-world.js';

/** `wins` trades returning `win`, then `losses` returning `loss` (fractions of a 1,000 cost). */
function trades(wins: number, win: number, losses: number, loss: number): TradeReturn[] {
  const list: TradeReturn[] = [];
  for (let i = 0; i < wins + losses; i++) {
    const isWin = i < wins;
    list.push({ closedAt: T0 + i * 60_000, cost: 1_000, pnl: 1_000 * (isWin ? win : loss) });
  }
  return list;
}

describe('expected value and Kelly sizing from a configuration’s own closed trades (hand-computed)', () => {
  it('W = 0.6, R = 2: Kelly 0.4, half Kelly 0.2 of the budget; EV +0.8 % per trade', () => {
    const stats = edgeStats(trades(18, 0.02, 12, -0.01));
    expect(stats).toMatchObject({ trades: 30, wins: 18, winRate: 0.6, averageWin: 0.02, averageLoss: -0.01, payoff: 2, kelly: 0.4, sizeFraction: 0.2, expectedReturn: 0.008, expectedPnl: 8, inUse: true });
  });

  it('W = 0.7, R = 3: Kelly 0.6, half is 0.3 — capped at 25 % of the budget', () => {
    expect(edgeStats(trades(21, 0.03, 9, -0.01))).toMatchObject({ kelly: 0.6, sizeFraction: 0.25 });
    expect(kellyFraction(0.7, 3)).toBeCloseTo(0.6, 12);
  });

  it('W = 0.4, R = 1: Kelly −0.2, no position; with fewer than 30 trades sizing does not use it; no loss: Kelly = W', () => {
    expect(edgeStats(trades(12, 0.01, 18, -0.01))).toMatchObject({ kelly: -0.2, sizeFraction: 0, inUse: true });
    expect(edgeStats(trades(17, 0.02, 12, -0.01)).inUse).toBe(false);
    expect(edgeStats(trades(5, 0.01, 0, 0))).toMatchObject({ payoff: null, kelly: 1, sizeFraction: 0.25 });
  });

  it('decay: the rolling EV of the last 20 trades turning negative, or falling by more than half', () => {
    const good = trades(20, 0.01, 0, 0);
    const bad = trades(0, 0, 20, -0.005).map((t, i) => ({ ...t, closedAt: T0 + (40 + i) * 60_000 }));
    expect(edgeStats([...good, ...bad])).toMatchObject({ decay: 'negative', rollingExpectedReturn: -0.005, earlierExpectedReturn: 0.01 });
    const weaker = trades(20, 0.003, 0, 0).map((t, i) => ({ ...t, closedAt: T0 + (40 + i) * 60_000 }));
    expect(edgeStats([...good, ...weaker])).toMatchObject({ decay: 'fell', rollingExpectedReturn: 0.003 });
    expect(edgeStats([...good, ...trades(20, 0.006, 0, 0)]).decay).toBeNull();
  });
});

describe('the edge book: trades from the ledger, decisions settled, decay alerted once', () => {
  it('sums partial exits into their trade, settles the entry decision, and alerts a decay once per episode', () => {
    const store = memoryStore();
    const alerts: EdgeDecayAlert[] = [];
    const book = new EdgeBook({ outcomes: store.outcomes, decisions: store.decisions, onDecay: (alert) => alerts.push(alert) });
    store.decisions.record({ time: T0, account: 'paper', config: 'swing', strategy: 'breakout', version: 1, symbol: 'BTC/USDT', source: 'paper', verdict: 'entered', reason: 'opens', score: 70, threshold: null, modelScore: null, features: { ret_1h: 1 }, featureTimes: { ret_1h: T0 }, tradeId: 'swing-1', ref: null });
    book.onExit({ account: 'paper', owner: 'swing', symbol: 'BTC/USDT', tradeId: 'swing-1', entryTime: T0, exitTime: T0 + 60_000, cost: 600, pnl: 12, closed: false });
    expect(store.outcomes.closed('swing')).toEqual([]);
    book.onExit({ account: 'paper', owner: 'swing', symbol: 'BTC/USDT', tradeId: 'swing-1', entryTime: T0, exitTime: T0 + 120_000, cost: 400, pnl: -2, closed: true });
    expect(store.outcomes.closed('swing')).toEqual([{ account: 'paper', owner: 'swing', tradeId: 'swing-1', symbol: 'BTC/USDT', source: 'paper', openedAt: T0, closedAt: T0 + 120_000, cost: 1_000, pnl: 10, closed: true, strategy: 'breakout' }]);
    expect(store.decisions.outcomes('swing', 10)).toMatchObject([{ tradeId: 'swing-1', outcomeReturn: 0.01, outcomePnl: 10, closedAt: T0 + 120_000 }]);
    for (let i = 0; i < 19; i++) book.onExit({ account: 'paper', owner: 'swing', symbol: 'BTC/USDT', tradeId: `w${i}`, entryTime: T0, exitTime: T0 + (3 + i) * 60_000, cost: 1_000, pnl: 10, closed: true });
    for (let i = 0; i < 25; i++) book.onExit({ account: 'paper', owner: 'swing', symbol: 'BTC/USDT', tradeId: `l${i}`, entryTime: T0, exitTime: T0 + (30 + i) * 60_000, cost: 1_000, pnl: -8, closed: true });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.message).toBe('swing on BTC/USDT: the expected value of the last 20 trades turned negative (-0.08 % per trade)');
    expect(book.stats('swing', 'BTC/USDT')).toMatchObject({ trades: 45, decay: 'negative' });
  });
});

describe('the edge book counts only the strategy a configuration runs now', () => {
  it('a strategy changed under the same name starts with its own trades (no Kelly, no decay from the old ones); a parameter change keeps them; the old trades stay readable', () => {
    const store = memoryStore();
    const params = { fast: 5, slow: 20, stake: 1 };
    const save = (strategy: string, fast = 5) => store.strategies.save({ name: 'swing', strategy, params: { ...params, fast }, symbols: ['BTC/USDT'], enabled: true }, smaCrossParamsSchema);
    save('channel');
    const alerts: EdgeDecayAlert[] = [];
    const book = new EdgeBook({ outcomes: store.outcomes, decisions: store.decisions, onDecay: (alert) => alerts.push(alert), strategyOf: (config) => store.strategies.current(config)?.strategy ?? null });
    let minute = 0;
    const close = (pnl: number) => book.onExit({ account: 'paper', owner: 'swing', symbol: 'BTC/USDT', tradeId: `t${++minute}`, entryTime: T0, exitTime: T0 + minute * 60_000, cost: 1_000, pnl, closed: true });
    // Channel: W = 0.6, R = 2 over 30 trades — Kelly in use.
    for (let i = 0; i < 30; i++) close(i < 18 ? 20 : -10);
    expect(book.stats('swing', 'BTC/USDT')).toMatchObject({ trades: 30, kelly: 0.4, inUse: true });
    // Saved as v2 running breakout: nothing of channel's sizes it.
    save('breakout');
    expect(book.stats('swing', 'BTC/USDT')).toMatchObject({ trades: 0, inUse: false, kelly: 0 });
    // Breakout earns +0.2 % a trade: against channel's +0.8 % that would be a fall of more than half — but it is its own start.
    for (let i = 0; i < 20; i++) close(2);
    expect(book.stats('swing', 'BTC/USDT')).toMatchObject({ trades: 20, expectedReturn: 0.002, decay: null });
    expect(alerts).toEqual([]);
    // A parameter change (v3, still breakout) keeps the evidence.
    save('breakout', 7);
    expect(book.stats('swing', 'BTC/USDT')).toMatchObject({ trades: 20 });
    // Channel's trades are kept and readable.
    expect(store.outcomes.closed('swing')).toHaveLength(50);
    expect(store.outcomes.closed('swing', 'BTC/USDT', 'channel')).toHaveLength(30);
  });
});

describe('Kelly sizes entries at the desk', () => {
  it('trims an entry to the Kelly allowance left on the coin and refuses once it is used, or when there is no edge', async () => {
    const world = deskWorld({ configs: [{ name: 'swing', strategy: 'breakout' }], plan: { reservePct: 20, budgets: [{ config: 'swing', kind: 'amount', value: 5_000 }] }, edge: (_config, symbol) => edgeStats(symbol === 'BTC/USDT' ? trades(18, 0.02, 12, -0.01) : trades(12, 0.01, 18, -0.01)) });
    // Half Kelly 0.2 × budget 5,000 = 1,000 for a position on BTC: an entry of 1,500 is cut to 1,000.
    world.openBar('BTC/USDT', 100);
    const entry = world.submit(world.order('swing', 'BTC/USDT', 1_500, 100));
    world.desk.settleBar('BTC/USDT', []);
    expect(await entry).toMatchObject({ ok: true });
    expect(world.sent).toEqual([expect.objectContaining({ config: 'swing', amount: 10 })]);
    world.openBar('BTC/USDT', 100);
    const add = world.submit(world.order('swing', 'BTC/USDT', 100, 100, { purpose: 'add' }));
    world.desk.settleBar('BTC/USDT', []);
    expect(await add).toEqual({ ok: false, stage: 'risk', message: 'swing: the Kelly allowance on BTC/USDT is used — 1,000.00 USDT (20 % of its budget)' });
    world.openBar('ETH/USDT', 100);
    const none = world.submit(world.order('swing', 'ETH/USDT', 100, 100));
    world.desk.settleBar('ETH/USDT', []);
    expect(await none).toMatchObject({ ok: false, message: 'swing: no edge on ETH/USDT — Kelly is -0.2 over 30 closed trades (expected -0.2 % per trade); entries there wait for the edge to return, or turn Kelly sizing off' });
    // Kelly sizing off: the strategy's own size goes (within the budget).
    world.policies.set('swing', { kellySizing: false });
    world.openBar('ETH/USDT', 100);
    const own = world.submit(world.order('swing', 'ETH/USDT', 100, 100));
    world.desk.settleBar('ETH/USDT', []);
    expect(await own).toMatchObject({ ok: true });
    expect(world.sent.at(-1)).toMatchObject({ amount: 1 });
  });
});
