import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../../../core/api/contract/app.js';
import type { FillView, OrderView } from '../../../core/api/contract/trading.js';
import { EventAlerts } from '../../../core/alerts/event-alerts.js';
import { exitResult } from '../../../core/alerts/exit-result.js';
import { accountName, formatLossLimit, formatMarketPrice, formatMoney, formatPercent, formatPrice, formatQuantity } from '../../../core/alerts/format.js';
import { routes } from '../../../core/alerts/model.js';

function status(halted: boolean, extra: Partial<AppStatus['halt']> = {}): AppStatus {
  return {
    version: 't',
    dataSource: { kind: 'simulated', label: 'Simulated market', exchange: null },
    connection: { state: 'connected', transport: 'simulated', lastUpdate: null, message: null },
    mode: { kind: 'paper', account: null },
    halt: { halted, since: halted ? 1 : null, reason: halted ? 'Emergency Stop pressed' : null, source: halted ? 'button' : null, ...extra },
    keychain: { ok: true, message: null },
    database: { ok: true, message: null },
    liveAccounts: [],
    serverTime: 0,
  };
}

function fill(id: string, side: 'buy' | 'sell', price: number, amount: number, fee: number, exitReason: FillView['exitReason'] = null): FillView {
  return { id, clientOrderId: `o-${id}`, account: 'paper', symbol: 'BTC/USDT', side, price, amount, fee, feeCurrency: 'USDT', feeInQuote: fee, liquidity: 'taker', time: Number(id), source: 'sma-fast', tradeId: 't1', exitReason };
}

describe('numbers as a trader reads them', () => {
  it('rounds away float noise, groups thousands and signs P&L', () => {
    expect(formatPrice(0.1 + 0.2)).toBe('0.3');
    expect(formatPrice(64_250.5)).toBe('64,250.50');
    expect(formatPrice(1.23456789)).toBe('1.2346');
    expect(formatPrice(0.000012345)).toBe('0.00001235');
    expect(formatQuantity(0.1 + 0.2)).toBe('0.3');
    expect(formatQuantity(1250)).toBe('1,250');
    expect(formatMoney(-5.2649999, 'USDT', true)).toBe('−5.26 USDT');
    expect(formatMoney(12.3, 'USDT', true)).toBe('+12.30 USDT');
    expect(formatMoney(-0.001, 'USDT', true)).toBe('−0.001 USDT');
    expect(formatMoney(-0.0000001, 'USDT')).toBe('−0.0000001 USDT');
    expect(formatPercent(-0.554)).toBe('−0.55%');
    expect(formatPercent(-0.001)).toBe('0.00%');
    expect(accountName('paper')).toBe('PAPER');
    expect(accountName('binance:main')).toBe('LIVE binance:main');
  });
});

describe('the desk’s sign rule in every message', () => {
  it('writes a loss with the minus sign − (U+2212), as the desk does, never the hyphen', () => {
    expect(formatPrice(-1_250.5)).toBe('−1,250.50');
    expect(formatQuantity(-0.5)).toBe('−0.5');
    expect(formatMarketPrice(-64_250.5, 2)).toBe('−64,250.50');
    expect(formatMoney(-2.3, 'USDT', true)).toBe('−2.30 USDT');
    expect(formatLossLimit(3)).toBe('−3%');
    expect(formatLossLimit(0.1 + 0.2)).toBe('−0.3%');
  });

  it('gives a figure that rounds to zero no sign: never "-0", "-0.00" or float noise as money', () => {
    // 0.3 − 0.1 − 0.2 left by float arithmetic, a −0, and the 1e-13 a flat trade's sum of fills can leave.
    expect(formatQuantity(0.3 - 0.1 - 0.2)).toBe('0');
    expect(formatQuantity(-0)).toBe('0');
    expect(formatMarketPrice(-0.004, 2)).toBe('0.00');
    expect(formatMoney(-1.1368683772161603e-13, 'USDT', true)).toBe('0.00 USDT');
    expect(formatMoney(1.1368683772161603e-13, 'USDT', true)).toBe('0.00 USDT');
    expect(formatMoney(-0, 'USDT')).toBe('0.00 USDT');
    // A real sub-cent amount keeps its digits.
    expect(formatMoney(0.0064, 'USDT')).toBe('0.0064 USDT');
  });

  it('reads BTC-quoted money to the satoshi when the core gives 8 money decimals, with the same sign rule', () => {
    expect(formatMoney(0.0342, 'BTC', true, 8)).toBe('+0.03420000 BTC');
    expect(formatMoney(-0.1 - 0.2, 'BTC', true, 8)).toBe('−0.30000000 BTC');
    expect(formatMoney(-1.1368683772161603e-13, 'BTC', true, 8)).toBe('0.00000000 BTC');
  });
});

describe('events become alerts', () => {
  it('names the account on fills, and gives an exit its reason and its P&L from the account’s fills', async () => {
    const history = [fill('1', 'buy', 60_000, 0.1, 6), fill('2', 'sell', 61_000, 0.1, 6.1, 'take_profit')];
    const alerts = new EventAlerts({ now: () => 5, exitResult: async (f) => exitResult(f, history) });
    alerts.seed(status(false));
    const [entry] = await alerts.translate('fills.new', { fill: history[0]! });
    expect(entry).toEqual({ kind: 'fills', level: 'info', time: 5, text: 'PAPER · Fill: BUY 0.1 BTC/USDT @ 60,000.00 · fee 6.00 USDT · sma-fast' });
    const [exit] = await alerts.translate('fills.new', { fill: history[1]! });
    // 0.1 × (61,000 − 60,000) − 6 − 6.1 = 87.90 on a cost of 6,000 → +1.47 %.
    expect(exit).toMatchObject({ kind: 'exits', also: ['fills'], level: 'info', text: 'PAPER · Exit BTC/USDT (take profit): SELL 0.1 BTC/USDT @ 61,000.00 · P&L +87.90 USDT (+1.47%) · fee 6.10 USDT · sma-fast' });
    // The same fill heard twice (websocket and polling) alerts once.
    expect(await alerts.translate('fills.new', { fill: history[1]! })).toEqual([]);
    expect(routes({ kinds: ['fills'], minLevel: 'info' }, exit!)).toBe(true);
    expect(routes({ kinds: ['exits'], minLevel: 'warning' }, exit!)).toBe(false);
  });

  it('reports a HALT and a re-arm once each however often the status repeats, and a stop that left orders open', async () => {
    const alerts = new EventAlerts({ now: () => 5, exitResult: async () => null });
    alerts.seed(status(false));
    const halted = status(true, { source: 'telegram', reason: '/halt from Telegram chat 111' });
    const first = await alerts.translate('app.status', halted);
    expect(first).toEqual([{ kind: 'halt', level: 'critical', time: 5, text: '🛑 HALTED · PAPER · by telegram: /halt from Telegram chat 111. No new orders; open orders are being cancelled.' }]);
    expect(await alerts.translate('app.status', halted)).toEqual([]);
    expect(await alerts.translate('risk.event', { id: 1, time: 1, kind: 'halted', detail: 'x', rule: null, strategy: null, symbol: null, repeats: 0, lastTime: 1 })).toEqual([]);
    const incomplete = await alerts.translate('risk.stop', { id: 1, source: 'telegram', reason: 'r', haltedAt: 1, finishedAt: 2, accounts: [], orders: [{ account: 'paper', symbol: 'BTC/USDT', side: 'buy', amount: 0.1, price: 60_000, source: 'manual', clientOrderId: 'a', exchangeOrderId: null, outcome: 'failed', attempts: 3, error: 'timeout' }], remainingOpen: 1, flatten: null });
    expect(incomplete[0]).toMatchObject({ kind: 'halt', level: 'critical' });
    const rearmed = await alerts.translate('app.status', status(false));
    expect(rearmed).toEqual([{ kind: 'halt', level: 'warning', time: 5, text: '▶ Re-armed · PAPER: trading may resume. Re-arming is only possible at the desk.' }]);
  });

  it('turns risk events, rejected orders, reconciliation differences and strategy errors into alerts of the right level', async () => {
    const alerts = new EventAlerts({ now: () => 5, exitResult: async () => null });
    alerts.seed({ ...status(false), liveAccounts: [{ account: 'binance:main', updates: { state: 'connected', transport: 'websocket', lastUpdate: null, message: null }, deadMan: { supported: false, armed: false, timeoutMs: null, problem: null } }] });
    const risk = (kind: string, detail: string) => alerts.translate('risk.event', { id: 1, time: 1, kind, detail, rule: null, strategy: null, symbol: 'BTC/USDT', repeats: 0, lastTime: 1 });
    expect(await risk('breaker', 'daily loss -5.1%')).toEqual([{ kind: 'risk', level: 'critical', time: 5, text: 'PAPER + LIVE binance:main · Daily loss breaker tripped (BTC/USDT): daily loss -5.1%' }]);
    expect((await risk('regime:PANIC', 'BTC/USDT fell 8% in 15 min'))[0]).toMatchObject({ level: 'critical', text: expect.stringContaining('Regime PANIC') });
    expect((await risk('regime:NORMAL', 'calm'))[0]?.level).toBe('info');
    expect((await risk('cooldown', '3 stop losses'))[0]?.level).toBe('warning');
    expect(await risk('strategy_adjusted', 'hold: parameters adjusted automatically (v3 → v4): slow 30 → 29')).toEqual([
      { kind: 'risk', level: 'warning', time: 5, text: 'PAPER + LIVE binance:main · Parameters adjusted automatically (BTC/USDT): hold: parameters adjusted automatically (v3 → v4): slow 30 → 29' },
    ]);
    const order: OrderView = { clientOrderId: 'c1', exchangeOrderId: null, account: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.015, price: 60_000, stopPrice: null, postOnly: false, timeInForce: 'GTC', filled: 0, averagePrice: null, status: 'rejected', source: 'manual', reason: 'insufficient balance', fee: 0, createdAt: 1, updatedAt: 1 };
    expect(await alerts.translate('orders.updated', { order })).toEqual([{ kind: 'orders_rejected', level: 'warning', time: 5, text: 'LIVE binance:main · Order rejected: BUY 0.015 BTC/USDT limit @ 60,000.00 — insufficient balance · manual' }]);
    expect(await alerts.translate('orders.updated', { order })).toEqual([]);
    const difference = { id: 'd1', account: 'binance:main', kind: 'untracked_order' as const, symbol: 'BTC/USDT', clientOrderId: null, exchangeOrderId: '9', detail: 'an order Halyard did not place', actions: ['adopt' as const] };
    const report = { trigger: 'start' as const, startedAt: 1, finishedAt: 2, accounts: [{ account: 'binance:main', ok: true, error: null }], updated: [], differences: [difference], positions: [] };
    expect((await alerts.translate('risk.reconciled', report))[0]?.text).toBe('Reconciliation (start): 1 difference(s) need you:\nLIVE binance:main BTC/USDT: untracked order — an order Halyard did not place');
    expect(await alerts.translate('risk.reconciled', report)).toEqual([]);
    const config = { name: 'fast', strategy: 'sma-cross', version: 1, params: {}, symbols: ['BTC/USDT'], enabled: true, account: 'paper', state: 'error: boom', readiness: {}, openPositions: 0, realizedPnl: 0 };
    expect(alerts.strategies([config])).toEqual([{ kind: 'strategy_errors', level: 'warning', time: 5, text: 'PAPER · Strategy fast (sma-cross) stopped with an error: boom' }]);
    expect(alerts.strategies([config])).toEqual([]);
    expect(alerts.strategies([{ ...config, state: 'running' }])).toEqual([]);
    expect(alerts.strategies([config])).toHaveLength(1);
    const onTwo = { ...config, name: 'pair', symbols: ['BTC/USDT', 'ETH/USDT'], state: 'running · BTC/USDT stopped: boom', stoppedSymbols: { 'BTC/USDT': 'boom' } };
    expect(alerts.strategies([onTwo])).toEqual([{ kind: 'strategy_errors', level: 'warning', time: 5, text: 'PAPER · Strategy pair (sma-cross) stopped on BTC/USDT, its other symbols trading: boom' }]);
    expect(alerts.strategies([onTwo])).toEqual([]);
    expect(alerts.strategies([{ ...onTwo, state: 'running', stoppedSymbols: {} }])).toEqual([]);
    expect(alerts.strategies([onTwo])).toHaveLength(1);
  });
});
