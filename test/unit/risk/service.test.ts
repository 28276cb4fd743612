import { describe, expect, it } from 'vitest';
import { riskStateSchema } from '../../../core/api/contract/risk.js';
import { AccountRegistry } from '../../../core/accounts/registry.js';
import { riskHandlers } from '../../../core/app/handlers/risk.js';
import { HaltSwitch } from '../../../core/risk/halt.js';
import { RiskService } from '../../../core/risk/service.js';
import { openMemoryStore } from '../../../core/store/open-store.js';
import { bars, entry, HOUR, portfolio, T0 } from './helpers.js';

function service() {
  const store = openMemoryStore({ now: () => T0 });
  const halt = new HaltSwitch(store.halt, () => T0);
  let time = T0 + 10 * HOUR;
  let pnl = 0;
  const emitted: string[] = [];
  const account = { id: 'paper', label: 'Paper', mode: 'paper' as const, port: null as never };
  const risk = new RiskService({
    halt,
    accounts: () => [account],
    settings: store.settings,
    audit: store.audit,
    onEvent: (event) => emitted.push(event.kind),
    portfolio: () => portfolio({ time, account: 'paper', dailyPnl: pnl, positions: [{ strategy: 'breakout', symbol: 'BTC/USDT', notional: 1_500 }] }),
    now: () => time,
  });
  return { store, halt, risk, handlers: riskHandlers(risk, new AccountRegistry()), emitted, setPnl: (value: number) => (pnl = value), advance: (ms: number) => (time += ms) };
}

describe('risk API', () => {
  it('risk.state shows the regime, limits with their usage and the breaker, in the contract shape', async () => {
    const { risk, handlers } = service();
    bars(T0, [100, 94]).forEach((c) => risk.controls.observeCandle('BTC/USDT', c));
    const state = await handlers['risk.state']!({});
    expect(riskStateSchema.parse(state)).toEqual(state);
    expect(state.regime).toMatchObject({ benchmark: 'BTC/USDT', regime: 'PANIC', sizeMultiplier: 0 });
    expect(state.limits).toContainEqual({ rule: 'max_exposure_per_symbol', label: 'Exposure on BTC/USDT', used: 15, limit: 20, unit: 'pct', scope: 'BTC/USDT' });
    expect(state.limits).toContainEqual({ rule: 'max_open_positions_per_strategy', label: 'Open positions of breakout', used: 1, limit: 50, unit: 'count', scope: 'breakout' });
    expect(state.breaker).toEqual({ dailyPnl: 0, dayStartEquity: 10_000, lossPct: 0, limitPct: 5, tripped: false, until: null });
    expect(state.volatility).toEqual([{ symbol: 'BTC/USDT', volatilityPct: expect.closeTo(6.3829787, 5) }]);
  });

  it('resets a tripped breaker on request, audited, and entries pass again', async () => {
    const { risk, store, setPnl, handlers } = service();
    setPnl(-600);
    expect(risk.controls.check({ ...entry(), account: 'paper' }, portfolio({ time: T0 + 10 * HOUR, account: 'paper', dailyPnl: -600 })).allow).toBe(false);
    expect((await handlers['risk.state']!({})).breaker).toMatchObject({ tripped: true, until: Date.UTC(2024, 0, 11), lossPct: -6 });
    const after = await handlers['risk.resetBreaker']!({ confirm: true });
    expect(after.breaker).toMatchObject({ tripped: false, lossPct: 0 });
    expect(risk.controls.check({ ...entry(), account: 'paper' }, portfolio({ time: T0 + 10 * HOUR, account: 'paper', dailyPnl: -600 })).allow).toBe(true);
    expect(store.audit.list({ limit: 1 })[0]).toMatchObject({ category: 'risk', action: 'breaker_reset', detail: { accounts: [{ account: 'paper', dailyPnl: -600 }], wasTripped: true } });
  });

  it('validates and stores the configuration; a bad one is refused with the field named', async () => {
    const { store, handlers } = service();
    const saved = await handlers['risk.config.set']!({ config: { limits: { maxOrderNotional: 2_500 } } });
    expect(saved).toMatchObject({ limits: { maxOrderNotional: 2_500, maxExposurePerSymbolPct: 20 } });
    expect(store.settings.getRaw('risk.config')).toMatchObject({ limits: { maxOrderNotional: 2_500 } });
    await expect(handlers['risk.config.set']!({ config: { limits: { maxExposurePerSymbolPct: -1 } } })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('maxExposurePerSymbolPct') });
    expect((await handlers['risk.config.get']!({})) as { limits: { maxOrderNotional: number } }).toMatchObject({ limits: { maxOrderNotional: 2_500 } });
    // A new service on the same store starts from the stored configuration.
    const again = new RiskService({ halt: new HaltSwitch(store.halt), accounts: () => [], settings: store.settings });
    expect(again.controls.config.limits.maxOrderNotional).toBe(2_500);
  });

  it('pushes risk events and lists them', async () => {
    const { risk, emitted, handlers } = service();
    risk.controls.check(entry({ amount: 1 }), portfolio({ time: T0 + 10 * HOUR }));
    const events = await handlers['risk.events']!({ limit: 10 });
    expect(events.map((e) => [e.kind, e.rule])).toEqual([['entry_blocked', 'max_order_notional']]);
    expect(emitted).toContain('entry_blocked');
  });

  it('says flatten and reconciliation need the journal when there is none', async () => {
    const { handlers } = service();
    await expect(handlers['risk.flatten']!({ confirm: true })).rejects.toMatchObject({ code: 'unavailable' });
    await expect(handlers['risk.reconcile']!({ trigger: 'manual' })).rejects.toMatchObject({ code: 'unavailable' });
  });
});
