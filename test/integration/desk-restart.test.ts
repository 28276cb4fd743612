import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { ApiError } from '../../core/api/errors.js';
import { until } from '../helpers/api-terminal.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';

/**
 * What the desk keeps across a restart (real encrypted store and keychain: run under
 * test/with-keyring.sh): the watchlist of the source as the trader left it, the risk events log, and
 * the trade review (a half-closed trade is still half closed, with its fees).
 */
const terminals = restartableTerminal();
const dataDir = terminals.dataDir('halyard-desk-restart-');
const start = (): Promise<ApiClient> => terminals.start({ dataDir, speed: 600, tickMs: 20 });

describe('the desk across a restart', () => {
  it('keeps the watchlist, the risk events and the trade review', async () => {
    let api = await start();
    const symbols = ['ETH/USDT', 'ADA/USDT', 'BTC/USDT', 'SOL/USDT'];
    const rows = await api.call('market.watchlist.set', { symbols });
    expect(rows.map((r) => r.symbol)).toEqual(symbols);
    expect((await api.call('market.markets', { query: 'ada' }))[0]).toEqual({ symbol: 'ADA/USDT', watched: true });

    // A market entry the book cannot take at the trader's max slippage: refused with the numbers, and logged.
    await api.call('risk.config.set', { config: { limits: { maxSlippagePct: 0.001 } } });
    const refused = (await api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.03' }).catch((e: unknown) => e)) as ApiError;
    expect(refused.code).toBe('rejected');
    expect(refused.message).toMatch(/^BTC\/USDT: market buy 0\.03 BTC would fill at about [\d,]+\.\d{2} USDT on average \(worst [\d,]+\.\d{2} USDT\): [\d.]+ % above the last price [\d,]+\.\d{2} USDT, spread [\d.]+ % — over your max slippage of 0\.001 %/);
    await api.call('risk.config.set', { config: { limits: { maxSlippagePct: 0.5 } } });

    // A manual trade, half closed.
    await api.call('orders.place', { symbol: 'ADA/USDT', side: 'buy', type: 'market', amount: '1000' });
    const [position] = await until(() => api.call('positions.list', {}), (list) => list.length === 1, 'the ADA position');
    await api.call('positions.close', { id: position!.id, fraction: 0.5 });
    const [trade] = await until(() => api.call('trades.list', {}), (list) => list[0]?.status === 'partial', 'the half-closed trade');
    const fills = await api.call('fills.list', {});
    expect(trade).toMatchObject({ symbol: 'ADA/USDT', source: 'manual', status: 'partial', closedPct: 50, entries: 1, exits: 1, priceDecimals: 4 });
    expect(trade!.fees).toBeCloseTo(fills.reduce((sum, f) => sum + f.fee, 0), 9);
    const open = (await api.call('positions.list', {}))[0]!;
    expect(open.fees).toBeCloseTo(trade!.fees, 9);
    // Removing a symbol the desk still uses is refused, saying why.
    const inUse = (await api.call('market.watchlist.set', { symbols: ['ETH/USDT', 'BTC/USDT'] }).catch((e: unknown) => e)) as ApiError;
    expect(inUse.message).toBe('ADA/USDT cannot be removed: your position there is open (close it first)');
    expect(inUse.issues).toEqual([{ path: 'symbols', message: inUse.message }]);

    await terminals.stop();
    api = await start();
    expect((await api.call('market.watchlist', {})).map((r) => r.symbol)).toEqual(symbols);
    const events = await api.call('risk.events', { kind: 'entry_blocked' });
    expect(events.some((e) => e.rule === 'max_slippage' && e.symbol === 'BTC/USDT' && /over your max slippage of 0\.001 %/.test(e.detail))).toBe(true);
    expect((await api.call('risk.events', { search: 'slippage', limit: 5 })).length).toBeGreaterThan(0);
    expect((await api.call('risk.events', { search: 'no such words anywhere' })).length).toBe(0);
    const again = (await api.call('trades.list', {}))[0]!;
    expect({ ...again, durationMs: 0 }).toEqual({ ...trade!, durationMs: 0 });
  });
});
