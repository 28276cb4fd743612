import { describe, expect, it } from 'vitest';
import { parseRiskConfig, type RiskConfigInput } from '../../../core/risk/config.js';
import { RiskControls } from '../../../core/risk/controls.js';
import type { GateDecision } from '../../../core/risk/gate.js';
import type { ExposureItem } from '../../../core/risk/guard.js';
import { InMemoryRiskStateStore } from '../../../core/risk/state.js';
import { bars, entry, exit, HOUR, MIN, portfolio, precisionFor, T0 } from './helpers.js';

function controls(config: RiskConfigInput = {}, options: { halted?: () => boolean } = {}) {
  const btc = precisionFor({ symbol: 'BTC/USDT' });
  return new RiskControls({
    config: parseRiskConfig(config),
    stateStore: new InMemoryRiskStateStore(),
    halted: options.halted ?? (() => false),
    precision: (symbol) => (symbol === 'BTC/USDT' ? btc : null),
  });
}

function denied(decision: GateDecision): { rule: string; reason: string } {
  if (decision.allow) throw new Error('expected a denial, the order was allowed');
  return { rule: decision.rule, reason: decision.reason };
}

const item = (symbol: string, notional: number, strategy = 'breakout'): ExposureItem => ({ strategy, symbol, notional });

/** Drives the benchmark into PANIC: a 6 % drop within the hour. */
function panic(c: RiskControls): void {
  bars(T0, [100, 94]).forEach((candle) => c.observeCandle('BTC/USDT', candle));
}

describe('pre-trade gate: limits', () => {
  it('max order notional: 0.021 BTC × 50000 = 1050 USDT over a 1000 limit is refused; 1000 exactly passes', () => {
    const c = controls({ limits: { maxOrderNotional: 1_000 } });
    const { rule, reason } = denied(c.check(entry({ amount: 0.021 }), portfolio()));
    expect(rule).toBe('max_order_notional');
    expect(reason).toBe('max order notional: BTC/USDT order of 1050 USDT (0.021 × 50000) exceeds the limit of 1000 USDT');
    expect(c.check(entry({ amount: 0.02 }), portfolio()).allow).toBe(true);
  });

  it('max open positions in total: the 4th position is refused at a limit of 3; adding to one is not', () => {
    const c = controls({ limits: { maxOpenPositionsTotal: 3 } });
    const p = portfolio({ positions: [item('ETH/USDT', 100), item('SOL/USDT', 100)], openEntryOrders: [item('ADA/USDT', 50, 'dca-grid')] });
    const { rule, reason } = denied(c.check(entry({ amount: 0.001 }), p));
    expect(rule).toBe('max_open_positions');
    expect(reason).toBe('max open positions: 3 positions are open or being opened; the limit is 3 in total');
    expect(c.check(entry({ amount: 0.001, purpose: 'add' }), p).allow).toBe(true);
    // Another level of the grid that is already being opened on ADA does not count as a new position.
    expect(c.check(entry({ strategy: 'dca-grid', symbol: 'ADA/USDT', amount: 10, price: 0.5 }), p).allow).toBe(true);
  });

  it('max open positions per strategy (default 50): the 51st dca-grid position is refused, another strategy may still enter', () => {
    const c = controls();
    const positions = Array.from({ length: 50 }, (_, i) => item(`C${i}/USDT`, 10, 'dca-grid'));
    const p = portfolio({ positions, equity: 100_000, freeCash: 100_000, dayStartEquity: 100_000 });
    expect(denied(c.check(entry({ strategy: 'dca-grid', amount: 0.001 }), p))).toEqual({
      rule: 'max_open_positions_per_strategy',
      reason: 'max open positions per strategy: dca-grid has 50 positions open or being opened; the limit is 50',
    });
    expect(c.check(entry({ strategy: 'breakout', amount: 0.001 }), p).allow).toBe(true);
  });

  it('max exposure per symbol (20 % of 10000): 1500 held + 600 more = 21 % refused; + 500 = 20 % allowed', () => {
    const c = controls();
    const p = portfolio({ positions: [item('BTC/USDT', 1_500)] });
    expect(denied(c.check(entry({ amount: 0.012 }), p))).toEqual({
      rule: 'max_exposure_per_symbol',
      reason: 'max exposure per symbol: BTC/USDT would reach 2100 USDT = 21.00 % of equity 10000 USDT (positions 1500 + open entries 0 + this order 600); the limit is 20 %',
    });
    expect(c.check(entry({ amount: 0.01 }), p).allow).toBe(true);
  });

  it('counts resting entry orders in the symbol exposure', () => {
    const c = controls();
    const p = portfolio({ positions: [item('BTC/USDT', 1_000)], openEntryOrders: [item('BTC/USDT', 800)] });
    expect(denied(c.check(entry({ amount: 0.005 }), p)).reason).toContain('(positions 1000 + open entries 800 + this order 250)');
  });

  it('max total exposure (100 %): 9800 held over five symbols + 300 = 101 % refused', () => {
    const c = controls();
    const positions = ['A', 'B', 'C', 'D', 'E'].map((base) => item(`${base}/USDT`, 1_960));
    const { rule, reason } = denied(c.check(entry({ amount: 0.006 }), portfolio({ positions, freeCash: 200 })));
    expect(rule).toBe('max_exposure_total');
    expect(reason).toBe('max total exposure: all positions and open entries would reach 10100 USDT = 101.00 % of equity 10000 USDT; the limit is 100 %');
  });

  it('refuses a buy the free balance cannot pay for', () => {
    const c = controls({ limits: { maxExposureTotalPct: 1_000, maxExposurePerSymbolPct: 100 } });
    expect(denied(c.check(entry({ amount: 0.01 }), portfolio({ freeCash: 400 })))).toEqual({
      rule: 'balance',
      reason: 'insufficient balance: the order needs 500 USDT but only 400 USDT is free (the rest is reserved by open orders or positions)',
    });
  });

  it('checks the market rules with the venue rounding: 0.0005 BTC is under the 0.001 minimum', () => {
    const c = controls();
    expect(denied(c.check(entry({ amount: 0.0005 }), portfolio()))).toEqual({
      rule: 'market_rules:amount_min',
      reason: 'market rules: BTC/USDT amount 0.0005 BTC is below the minimum 0.001',
    });
  });
});

describe('pre-trade gate: daily loss breaker', () => {
  it('trips at −5 % of the day start, stays tripped when the loss recovers, releases at the next UTC day', () => {
    const c = controls({ breaker: { dailyLossPct: 5 } });
    const at = T0 + 10 * HOUR;
    expect(c.check(entry(), portfolio({ time: at, dailyPnl: -499.99 })).allow).toBe(true);
    const { rule, reason } = denied(c.check(entry(), portfolio({ time: at, dailyPnl: -500 })));
    expect(rule).toBe('daily_loss_breaker');
    expect(reason).toBe(
      "daily loss breaker: today's P&L -500 USDT (realised + unrealised) is -5.00 % of the day's starting equity 10000 USDT, at or beyond the −5 % limit; new entries are halted until 2024-01-11T00:00:00Z or a manual reset",
    );
    // P&L recovers to −100 later that day: still halted (the lock holds until the next day).
    const later = denied(c.check(entry(), portfolio({ time: at + HOUR, dailyPnl: -100 })));
    expect(later.rule).toBe('daily_loss_breaker');
    expect(later.reason).toContain('(13 h left, until 2024-01-11T00:00:00Z)');
    // Next UTC day, a fresh day's P&L: entries again.
    expect(c.check(entry(), portfolio({ time: T0 + 24 * HOUR, dailyPnl: 0 })).allow).toBe(true);
    expect(c.events.recent().filter((e) => e.kind === 'breaker')).toHaveLength(1);
  });

  it('never blocks exits while tripped', () => {
    const c = controls();
    denied(c.check(entry(), portfolio({ dailyPnl: -600 })));
    expect(c.check(exit(), portfolio({ dailyPnl: -600 })).allow).toBe(true);
  });

  it('after a manual reset resumes entries and trips again only on a further 5 % loss', () => {
    const c = controls();
    const at = T0 + 10 * HOUR;
    denied(c.check(entry(), portfolio({ time: at, dailyPnl: -600 })));
    c.resetBreaker(at + MIN, [{ time: at + MIN, dailyPnl: -600 }], 'trader');
    expect(c.check(entry(), portfolio({ time: at + 2 * MIN, dailyPnl: -600 })).allow).toBe(true);
    expect(c.check(entry(), portfolio({ time: at + 3 * MIN, dailyPnl: -1_099 })).allow).toBe(true);
    const again = denied(c.check(entry(), portfolio({ time: at + 4 * MIN, dailyPnl: -1_100 })));
    expect(again.reason).toContain('P&L since the manual reset (baseline -600 USDT) -500 USDT');
    expect(c.events.recent().map((e) => e.kind)).toEqual(['breaker', 'entry_blocked', 'breaker_reset', 'breaker', 'entry_blocked']);
  });

  it('trips from a mark-to-market without any order, so the trader sees it when it happens', () => {
    const c = controls();
    expect(c.gate.watchPortfolio(portfolio({ dailyPnl: -400 }))).toBeNull();
    const lock = c.gate.watchPortfolio(portfolio({ dailyPnl: -520 }));
    expect(lock).toMatchObject({ rule: 'daily_loss_breaker', scope: { kind: 'global' }, until: Date.UTC(2024, 0, 11) });
    expect(denied(c.check(entry(), portfolio({ dailyPnl: 0 }))).rule).toBe('daily_loss_breaker');
  });
});

describe('pre-trade gate: cooldowns', () => {
  const stop = (c: RiskControls, time: number, reason: 'stop_loss' | 'take_profit' = 'stop_loss', tier: 'large' | 'meme' = 'large') =>
    c.recordExit({ strategy: 'breakout', symbol: 'BTC/USDT', reason, time, closed: true, tier });

  it('after 3 consecutive stop-losses blocks the symbol for 4 h (large tier)', () => {
    const c = controls({ tradeCooldownMinutes: 0 });
    const t3 = T0 + 3 * HOUR;
    expect(stop(c, T0 + HOUR)).toEqual([]);
    expect(stop(c, T0 + 2 * HOUR)).toEqual([]);
    expect(c.check(entry(), portfolio({ time: t3 - MIN })).allow).toBe(true);
    const [cooldown] = stop(c, t3);
    expect(cooldown).toMatchObject({ kind: 'cooldown', symbol: 'BTC/USDT' });
    const blocked = denied(c.check(entry({ strategy: 'channel' }), portfolio({ time: t3 + 4 * HOUR - MIN })));
    expect(blocked.rule).toBe('stop_loss_cooldown');
    expect(blocked.reason).toBe(
      'stop-loss cooldown: 3 consecutive stop-losses on BTC/USDT; new entries there are blocked for 4 h (large tier) (1 min left, until 2024-01-10T07:00:00Z)',
    );
    expect(c.check(entry({ symbol: 'ETH/USDT', amount: 1, price: 1_000 }), portfolio({ time: t3 + HOUR })).allow).toBe(true);
    expect(c.check(entry(), portfolio({ time: t3 + 4 * HOUR })).allow).toBe(true);
  });

  it('uses 24 h for meme coins', () => {
    const c = controls({ tradeCooldownMinutes: 0 });
    for (const hour of [1, 2, 3]) stop(c, T0 + hour * HOUR, 'stop_loss', 'meme');
    expect(c.check(entry(), portfolio({ time: T0 + 26 * HOUR })).allow).toBe(false);
    expect(c.check(entry(), portfolio({ time: T0 + 27 * HOUR })).allow).toBe(true);
  });

  it('a take-profit resets the count: stop, stop, take-profit, stop does not lock', () => {
    const c = controls({ tradeCooldownMinutes: 0 });
    stop(c, T0 + HOUR);
    stop(c, T0 + 2 * HOUR);
    stop(c, T0 + 3 * HOUR, 'take_profit');
    expect(stop(c, T0 + 4 * HOUR)).toEqual([]);
    expect(c.state.stopStreak('BTC/USDT')).toBe(1);
    expect(c.check(entry(), portfolio({ time: T0 + 4 * HOUR + MIN })).allow).toBe(true);
  });

  it('trade cooldown: the strategy may re-enter the symbol 15 min after its position closed, others at once', () => {
    const c = controls();
    const closedAt = T0 + 5 * HOUR;
    c.recordExit({ strategy: 'breakout', symbol: 'BTC/USDT', reason: 'signal', time: closedAt, closed: true, tier: 'large' });
    const blocked = denied(c.check(entry(), portfolio({ time: closedAt + 14 * MIN })));
    expect(blocked.rule).toBe('trade_cooldown');
    expect(blocked.reason).toContain('trade cooldown: breakout closed a position on BTC/USDT; it may enter again 15 min later (1 min left');
    expect(c.check(entry({ strategy: 'channel' }), portfolio({ time: closedAt + MIN })).allow).toBe(true);
    expect(c.check(entry(), portfolio({ time: closedAt + 15 * MIN })).allow).toBe(true);
  });

  it('a partial exit does not start the trade cooldown', () => {
    const c = controls();
    c.recordExit({ strategy: 'breakout', symbol: 'BTC/USDT', reason: 'take_profit', time: T0, closed: false, tier: 'large' });
    expect(c.check(entry({ purpose: 'add' }), portfolio({ time: T0 + MIN })).allow).toBe(true);
  });
});

describe('pre-trade gate: regime, volatility, halt', () => {
  it('PANIC blocks entries and adds but not exits; CAUTION halves sizes; EUPHORIA cuts them by 30 %', () => {
    const c = controls({ regime: { bleed: [] } });
    const p = portfolio();
    expect(c.gate.sizeMultiplier()).toBe(1);
    panic(c);
    expect(c.currentRegime()).toBe('PANIC');
    expect(denied(c.check(entry(), p))).toEqual({ rule: 'regime', reason: 'market regime PANIC: new entries are blocked (size multiplier 0); BTC/USDT enter refused' });
    expect(denied(c.check(entry({ purpose: 'add' }), p)).rule).toBe('regime');
    expect(c.check(exit(), p).allow).toBe(true);

    const caution = controls({ regime: { bleed: [] } });
    bars(T0, [100, 96]).forEach((candle) => caution.observeCandle('BTC/USDT', candle));
    expect(caution.check(entry(), p)).toEqual({ allow: true, sizeMultiplier: 0.5 });

    const euphoria = controls({ regime: { bleed: [] } });
    bars(T0, [100, 106]).forEach((candle) => euphoria.observeCandle('BTC/USDT', candle));
    expect(euphoria.check(entry(), p)).toEqual({ allow: true, sizeMultiplier: 0.7 });
  });

  it('only the benchmark symbol moves the regime', () => {
    const c = controls();
    bars(T0, [100, 80]).forEach((candle) => c.observeCandle('FIL/USDT', candle));
    expect(c.currentRegime()).toBe('NORMAL');
    expect(c.events.recent().map((e) => e.kind)).toEqual(['strategy_disabled']); // FIL's 25 % range switched channel off
  });

  it('a strategy switched off by volatility may not enter that symbol; others may', () => {
    const c = controls();
    bars(T0, [[90, 100, 95]]).forEach((candle) => c.observeCandle('ETH/USDT', candle));
    const p = portfolio();
    const { rule, reason } = denied(c.check(entry({ strategy: 'channel', symbol: 'ETH/USDT', amount: 1, price: 1_000 }), p));
    expect(rule).toBe('volatility_switch');
    expect(reason).toContain('channel is disabled on ETH/USDT: 24 h volatility 11.11 % rose above 8 %');
    expect(c.check(entry({ strategy: 'breakout', symbol: 'ETH/USDT', amount: 1, price: 1_000 }), p).allow).toBe(true);
  });

  it('HALTED refuses everything it is asked about, exits included', () => {
    let halted = false;
    const c = controls({}, { halted: () => halted });
    expect(c.check(exit(), portfolio()).allow).toBe(true);
    halted = true;
    expect(denied(c.check(entry(), portfolio())).rule).toBe('halted');
    expect(denied(c.check(exit(), portfolio()))).toEqual({
      rule: 'halted',
      reason: 'emergency stop: trading is HALTED; BTC/USDT exit refused until the trader re-arms (cancels, and closing a position from its row, are still allowed)',
    });
  });

  it('exits are not blocked by entry guards (exposure, notional, cooldown, PANIC all at once)', () => {
    const c = controls({ limits: { maxOrderNotional: 10 }, regime: { bleed: [] } });
    panic(c);
    for (const hour of [1, 2, 3]) c.recordExit({ strategy: 'breakout', symbol: 'BTC/USDT', reason: 'stop_loss', time: T0 + hour * HOUR, closed: false, tier: 'large' });
    const p = portfolio({ time: T0 + 3 * HOUR, positions: [item('BTC/USDT', 9_000)], dailyPnl: -2_000 });
    expect(c.check(exit({ amount: 0.18, positionQuantity: 0.18 }), p).allow).toBe(true);
  });
});

describe('pre-trade gate: exit feasibility', () => {
  // BTC/USDT: step 0.0001, minimum amount 0.001, minimum notional 10 USDT.
  it('refuses a partial exit that would leave less than the minimum amount', () => {
    const c = controls();
    expect(denied(c.check(exit({ amount: 0.01, positionQuantity: 0.0105 }), portfolio()))).toEqual({
      rule: 'exit_feasibility',
      reason: 'exit feasibility: selling 0.01 of 0.0105 BTC on BTC/USDT would leave 0.0005 BTC is below the minimum amount 0.001; close the whole position instead',
    });
    expect(c.check(exit({ amount: 0.0105, positionQuantity: 0.0105 }), portfolio()).allow).toBe(true);
    expect(c.check(exit({ amount: 0.005, positionQuantity: 0.0105 }), portfolio()).allow).toBe(true);
  });

  it('refuses a partial exit whose remainder is under the minimum notional', () => {
    const c = controls();
    // 0.0012 BTC left × 5000 = 6 USDT < 10 USDT.
    expect(denied(c.check(exit({ amount: 0.002, price: 5_000, positionQuantity: 0.0032 }), portfolio())).reason).toContain(
      'would leave 0.0012 BTC × 5000 = 6 USDT is below the minimum notional 10 USDT',
    );
  });

  it('refuses an entry whose planned take-profit slice would be unsellable', () => {
    const c = controls();
    // 0.0015 × 50 % = 0.00075 → truncated to 0.0007 < 0.001.
    expect(denied(c.check(entry({ amount: 0.0015, plannedExits: [{ fraction: 0.5, price: 52_000 }, { fraction: 0.5, price: 55_000 }] }), portfolio())).reason).toBe(
      'exit feasibility: BTC/USDT entry of 0.0015 BTC: take-profit 1 (50 % at 52000) sells 0.0007 BTC is below the minimum amount 0.001',
    );
    // 0.0025: TP1 sells 0.0012, the rest 0.0013 goes at TP2; both sellable.
    expect(c.check(entry({ amount: 0.0025, plannedExits: [{ fraction: 0.5, price: 52_000 }, { fraction: 0.5, price: 55_000 }] }), portfolio()).allow).toBe(true);
  });

  it('refuses an entry whose remainder after a partial take-profit is unsellable', () => {
    const c = controls();
    // 0.003 × 70 % = 0.0021; remainder 0.0009 < 0.001.
    expect(denied(c.check(entry({ amount: 0.003, plannedExits: [{ fraction: 0.7, price: 52_000 }] }), portfolio())).reason).toContain(
      'after take-profit 1 (70 % at 52000) the remainder 0.0009 BTC is below the minimum amount 0.001',
    );
  });

  it('refuses a grid with a level under the market minimum', () => {
    const c = controls();
    const grid = [0, 1, 2, 3, 4].map((i) => ({ amount: 0.002 - i * 0.0003, price: 50_000 * (1 - i / 100) }));
    // Level 4: 0.0011 BTC fine; level 5: 0.0008 BTC < 0.001.
    expect(denied(c.check(entry({ amount: 0.002, grid }), portfolio())).reason).toBe('exit feasibility: grid level 5 of 5 on BTC/USDT: 0.0008 BTC is below the minimum amount 0.001');
  });
});

describe('pre-trade gate: events feed', () => {
  it('logs a blocked episode once with a repeat count and starts a new one after an allowed entry', () => {
    const c = controls({ limits: { maxOrderNotional: 1_000 } });
    for (let i = 0; i < 5; i += 1) c.check(entry({ amount: 0.03 }), portfolio({ time: T0 + i * MIN }));
    let events = c.events.recent();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'entry_blocked', rule: 'max_order_notional', repeats: 4, lastTime: T0 + 4 * MIN, strategy: 'breakout', symbol: 'BTC/USDT' });
    expect(c.check(entry({ amount: 0.01 }), portfolio()).allow).toBe(true);
    c.check(entry({ amount: 0.03 }), portfolio());
    events = c.events.recent();
    expect(events).toHaveLength(2);
  });

  it('keeps locks across a restart (same state store)', () => {
    const store = new InMemoryRiskStateStore();
    const make = () => new RiskControls({ config: parseRiskConfig({}), stateStore: store, halted: () => false });
    const first = make();
    for (const hour of [1, 2, 3]) first.recordExit({ strategy: 'breakout', symbol: 'BTC/USDT', reason: 'stop_loss', time: T0 + hour * HOUR, closed: false, tier: 'mid' });
    first.check(entry({ symbol: 'ETH/USDT', amount: 1, price: 100 }), portfolio({ time: T0 + 3 * HOUR, dailyPnl: -800 }));
    const second = make();
    expect(second.state.locks(T0 + 4 * HOUR).map((lock) => [lock.rule, lock.until])).toEqual([
      ['stop_loss_cooldown', T0 + 9 * HOUR],
      ['daily_loss_breaker', Date.UTC(2024, 0, 11)],
    ]);
    expect(denied(second.check(entry({ symbol: 'ETH/USDT', amount: 1, price: 100 }), portfolio({ time: T0 + 4 * HOUR }))).rule).toBe('daily_loss_breaker');
  });
});
