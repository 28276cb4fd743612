import { describe, expect, it } from 'vitest';
import { createBacktestHandlers } from '../../../core/app/handlers/backtest.js';
import { explainNoTrades } from '../../../core/backtest/no-trades.js';
import { DEFAULT_RISK_CONFIG } from '../../../core/risk/config.js';

/** The first backtest a trader runs: defaults that trade, and a run with no trade that says why at once. */
describe('a first backtest', () => {
  const api = createBacktestHandlers({ dataDir: null, emitProgress: () => undefined });
  const settings = { strategy: 'sma-cross', fee: 0.001, cash: 10_000, source: { kind: 'simulated', seed: 42, bars: 20_000 } } as const;

  it('trades with the strategy’s defaults on the default cash', async () => {
    const result = await api['backtest.run']({ ...settings, params: {} });
    expect(result.params).toMatchObject({ stake: 0.01 });
    expect(result.trades.length).toBeGreaterThan(0);
    expect(result.noTradesReason).toBeNull();
  }, 60_000);

  it('with a stake too big for the limits, says at the top how many entries which limit refused and what to change', async () => {
    const result = await api['backtest.run']({ ...settings, params: { stake: 1 } });
    expect(result.trades).toHaveLength(0);
    const refused = result.riskEvents.filter((e) => e.kind === 'entry_blocked' && e.detail.startsWith('max order notional')).length;
    expect(refused).toBeGreaterThan(0);
    const others = result.riskEvents.filter((e) => e.kind === 'entry_blocked' || e.kind === 'order_rejected').length - refused;
    expect(result.noTradesReason).toBe(`0 trades: ${refused.toLocaleString('en-US')} entries refused by max order notional 10,000 USDT — lower the stake or raise the limit${others > 0 ? ` (and ${others} by other rules)` : ''}`);
  }, 60_000);

  it('with a stake the cash cannot pay and no risk gate, names the cash, not the market\'s order rules', async () => {
    const result = await api['backtest.run']({ ...settings, source: { kind: 'simulated', seed: 42, bars: 5_000 }, params: { stake: 5 }, risk: false });
    const refused = result.riskEvents.filter((e) => e.kind === 'order_rejected' && e.detail.startsWith('insufficient balance: buy 5 BTC at market needs')).length;
    expect(refused).toBeGreaterThan(0);
    expect(result.noTradesReason).toBe(`0 trades: ${refused} ${refused === 1 ? 'entry' : 'entries'} refused by the cash available — lower the stake or add cash`);
  }, 60_000);
});

describe('explaining an empty backtest', () => {
  const facts = { trades: 0, bars: 100_000, openPosition: false, symbol: 'BTC/USDT' };

  it('names the refusal that stopped most entries, its limit and the remedy', () => {
    const riskEvents = [
      ...Array.from({ length: 1_102 }, () => ({ kind: 'entry_blocked', detail: 'max order notional: BTC/USDT order of 64000 USDT (1 × 64000) exceeds the limit of 10000 USDT' })),
      ...Array.from({ length: 3 }, () => ({ kind: 'entry_blocked', detail: 'max exposure per symbol: BTC/USDT would reach …' })),
      { kind: 'regime:CAUTION', detail: 'BTC/USDT fell 3 %' },
    ];
    expect(explainNoTrades({ ...facts, riskEvents }, DEFAULT_RISK_CONFIG)).toBe('0 trades: 1,102 entries refused by max order notional 10,000 USDT — lower the stake or raise the limit (and 3 by other rules)');
  });

  it("names the strategy's own failure before the risk gate's refusals once it was stopped", () => {
    const error = { kind: 'strategy_error', detail: 'strategy mine on BTC/USDT failed in onCandle: exceeded its 50 ms time budget in onCandle; the sandbox is stopped' };
    const stopped = { kind: 'strategy_disabled', detail: `mine on BTC/USDT stopped: ${error.detail}` };
    const refused = { kind: 'entry_blocked', detail: 'max order notional: 12,000 USDT above 10,000' };
    expect(explainNoTrades({ ...facts, riskEvents: [refused, error, stopped, { kind: 'strategy_disabled', detail: 'channel disabled on BTC/USDT: 24 h volatility 8.06 % above 8 %' }] }, DEFAULT_RISK_CONFIG)).toBe(`0 trades: ${error.detail}; see the risk events below`);
    // Not stopped: what the gate refused comes first (the strategy did try to enter).
    expect(explainNoTrades({ ...facts, riskEvents: [refused, error] }, DEFAULT_RISK_CONFIG)).toMatch(/^0 trades: 1 entry refused by max order notional/);
  });

  it('says the strategy never tried when nothing was refused, and nothing when it traded', () => {
    expect(explainNoTrades({ ...facts, riskEvents: [] }, DEFAULT_RISK_CONFIG)).toBe('0 trades: the strategy never tried to enter on these 100,000 bars — try other parameters, another timeframe or more data');
    expect(explainNoTrades({ ...facts, trades: 3, riskEvents: [] }, DEFAULT_RISK_CONFIG)).toBeNull();
    expect(explainNoTrades({ ...facts, openPosition: true, riskEvents: [] }, DEFAULT_RISK_CONFIG)).toBeNull();
  });
});
