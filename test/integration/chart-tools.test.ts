import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../core/api/contract/index.js';
import { until } from '../helpers/api-terminal.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';

/**
 * Issue 15, item 5 through the public API on the real encrypted store: a price alert evaluated on the
 * simulated market's live price announces each firing, and alerts and chart drawings survive a restart.
 */
const terminals = restartableTerminal();

describe('price alerts and chart drawings through the API', () => {
  it('fires a crossing alert every time the live price passes its level, and keeps alerts and drawings across a restart', async () => {
    const dataDir = terminals.dataDir('halyard-chart-tools-');
    let api = await terminals.start({ dataDir, speed: 600, tickMs: 20 });
    const fired: EventPayload<'alerts.priceFired'>[] = [];
    api.on('alerts.priceFired', (payload) => fired.push(payload));
    const last = await until(async () => (await api.call('market.watchlist', {})).find((row) => row.symbol === 'BTC/USDT')?.last ?? null, (value) => value !== null, 'a BTC price');

    // Field errors name the field, in the trader's words.
    const badPrice = await api.call('alerts.prices.add', { symbol: 'BTC/USDT', direction: 'crossing', price: -1 }).catch((error: unknown) => error);
    expect(badPrice).toMatchObject({ code: 'bad_request', issues: [{ path: 'price', message: 'must be above 0' }] });
    const badRepeat = await api.call('alerts.prices.add', { symbol: 'BTC/USDT', direction: 'crossing', price: 1, repeat: 'twice' as 'once' }).catch((error: unknown) => error);
    expect(badRepeat).toMatchObject({ code: 'bad_request', issues: [{ path: 'repeat', message: 'choose once or every' }] });
    const badDrawing = await api.call('chart.drawings.add', { symbol: 'BTC/USDT', kind: 'trend', points: [{ time: 0, price: 1 }] }).catch((error: unknown) => error);
    expect(badDrawing).toMatchObject({ code: 'bad_request', issues: [{ path: 'points', message: 'a trend drawing has 2 points' }] });

    // The simulated price wanders around where it is now: a level at the last price is crossed again and again.
    const alert = await api.call('alerts.prices.add', { symbol: 'BTC/USDT', direction: 'crossing', price: last!, repeat: 'every' });
    expect(alert).toMatchObject({ direction: 'crossing', repeat: 'every', fireCount: 0, active: true, triggeredAt: null });
    await until(async () => fired.length, (count) => count >= 2, 'two crossings', 60_000);
    expect(fired[0]).toMatchObject({ alert: { id: alert.id, fireCount: 1, active: true }, text: expect.stringMatching(/^PAPER · Price alert: BTC\/USDT crossed (up|down) to [\d,.]+ \(crossing [\d,.]+\)$/) });
    expect(fired[1]!.alert.fireCount).toBe(2);
    const drawing = await api.call('chart.drawings.add', { symbol: 'BTC/USDT', kind: 'fibonacci', points: [{ time: 60_000, price: 60_000 }, { time: 120_000, price: 65_000 }] });

    await terminals.stop();
    api = await terminals.start({ dataDir, speed: 600, tickMs: 20 });
    const [kept] = await api.call('alerts.prices.list', {});
    expect(kept).toMatchObject({ id: alert.id, direction: 'crossing', repeat: 'every', active: true });
    expect(kept!.fireCount).toBeGreaterThanOrEqual(2);
    expect(await api.call('chart.drawings.list', { symbol: 'BTC/USDT' })).toEqual([drawing]);
    expect(await api.call('chart.drawings.list', { symbol: 'ETH/USDT' })).toEqual([]);
    await api.call('chart.drawings.remove', { id: drawing.id });
    await api.call('alerts.prices.remove', { id: alert.id });
    expect(await api.call('chart.drawings.list', { symbol: 'BTC/USDT' })).toEqual([]);
    expect(await api.call('alerts.prices.list', {})).toEqual([]);
  });
});
