import { describe, expect, it, vi } from 'vitest';
import type { MarketFeed } from '../../../core/market/feed.js';
import { deskWorld } from './desk-world.js';

/**
 * What the decision log says an entry became must be what the order pipeline did with it: a setup the
 * desk admitted but the pipeline refused (precision, the risk gate, HALTED) was not entered.
 */
describe('the admission desk logs what the pipeline did with an admitted entry', () => {
  it('an entry the pipeline refuses is logged as refused with the pipeline’s reason, not as entered', async () => {
    const world = deskWorld({ configs: [{ name: 'tiny', strategy: 'sma-cross' }], refuse: () => 'SOL/USDT: amount 0.000001 SOL rounds to 0 at the step 0.0001' });
    world.openBar('SOL/USDT', 150);
    const outcome = world.submit(world.order('tiny', 'SOL/USDT', 0.00015, 150));
    world.desk.settleBar('SOL/USDT', []);
    expect(await outcome).toMatchObject({ ok: false, message: 'SOL/USDT: amount 0.000001 SOL rounds to 0 at the step 0.0001' });
    const decisions = world.store.decisions.recent({ config: 'tiny', limit: 5 });
    expect(decisions.map((d) => [d.verdict, d.reason, d.tradeId])).toEqual([['refused', 'tiny: not sent — SOL/USDT: amount 0.000001 SOL rounds to 0 at the step 0.0001', null]]);
  });

  it('an entry the pipeline takes is logged as entered once, with the trade it opens', async () => {
    const world = deskWorld({ configs: [{ name: 'swing', strategy: 'breakout' }] });
    world.openBar('BTC/USDT', 64_000);
    const outcome = world.submit(world.order('swing', 'BTC/USDT', 640, 64_000));
    world.desk.settleBar('BTC/USDT', []);
    expect(await outcome).toMatchObject({ ok: true });
    expect(world.store.decisions.recent({ config: 'swing', limit: 5 }).map((d) => [d.verdict, d.reason, d.tradeId])).toEqual([['entered', 'swing opens a position on BTC/USDT: 1 order sent', 'swing-t']]);
  });

  it('a grid of entries on one bar counts each order against the budget once: orders that fit together are all sent', async () => {
    // dca-grid alone on the seed plan: 40 % of 80 % of 10,000 = 3,200 USDT; three orders of 1,000 fit.
    const world = deskWorld({ configs: [{ name: 'grid', strategy: 'dca-grid' }] });
    world.openBar('ETH/USDT', 3_000);
    const orders = [2_990, 2_980, 2_970].map((price) => world.submit(world.order('grid', 'ETH/USDT', 1_000, price, { type: 'limit' })));
    world.desk.settleBar('ETH/USDT', []);
    const outcomes = await Promise.all(orders);
    expect(outcomes.map((o) => (o.ok ? 'sent' : o.message))).toEqual(['sent', 'sent', 'sent']);
    expect(world.sent).toHaveLength(3);
    expect(world.store.decisions.recent({ config: 'grid', limit: 5 }).map((d) => d.verdict)).toEqual(['entered']);
  });

  it('counts as sent only the orders that went to the pipeline and were accepted; the ones the budget or the pipeline refused are said apart', async () => {
    // 3,200 USDT of budget: the fourth order of 1,000 does not fit; the pipeline refuses the one at 2,970 (its minimum).
    const minimum = 'ETH/USDT: 1,000.00 USDT is below the minimum order of 5,000.00 USDT';
    const world = deskWorld({ configs: [{ name: 'grid', strategy: 'dca-grid' }], refuse: (order) => (order.price === 2_970 ? minimum : null) });
    world.openBar('ETH/USDT', 3_000);
    const orders = [2_990, 2_980, 2_970, 2_960].map((price) => world.submit(world.order('grid', 'ETH/USDT', 1_000, price, { type: 'limit' })));
    world.desk.settleBar('ETH/USDT', []);
    const outcomes = await Promise.all(orders);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, false]);
    expect(world.sent).toHaveLength(2);
    const log = world.store.decisions.recent({ config: 'grid', limit: 5 }).map((d) => [d.verdict, d.reason]);
    expect(log).toContainEqual(['entered', `grid opens a position on ETH/USDT: 2 orders sent · 2 refused: over budget; ${minimum}`]);
    expect(log).toContainEqual(['refused', 'grid: budget used — 3,000.00 USDT of 3,200.00 USDT in use, this entry needs 1,000.00 USDT (free 200.00 USDT)']);
    expect(log).toHaveLength(2);
  });

  it('every order sent and accepted: the line counts them all and refuses none', async () => {
    const world = deskWorld({ configs: [{ name: 'grid', strategy: 'dca-grid' }] });
    world.openBar('ETH/USDT', 3_000);
    const orders = [2_990, 2_980, 2_970, 2_960].map((price) => world.submit(world.order('grid', 'ETH/USDT', 700, price, { type: 'limit' })));
    world.desk.settleBar('ETH/USDT', []);
    await Promise.all(orders);
    expect(world.store.decisions.recent({ config: 'grid', limit: 5 }).map((d) => [d.verdict, d.reason])).toEqual([['entered', 'grid opens a position on ETH/USDT: 4 orders sent']]);
  });
});

describe('the admission desk reads each configuration’s setup from the bars of the market it trades', () => {
  it('a paper configuration on the simulated chart’s BTC/USDT and a live one on the venue’s BTC/USDT each get their own market’s features', async () => {
    const world = deskWorld({ configs: [{ name: 'chart-bot', strategy: 'breakout' }, { name: 'venue-bot', strategy: 'breakout', account: 'binance:main' }] });
    // Both feeds stream BTC/USDT at the same minutes: the chart's climbs 1 a minute from 20 000, the venue's stays at 64 000.
    for (let minute = 0; minute <= 60; minute++) {
      const at = world.time;
      world.openBar('BTC/USDT', 20_000 + minute, at, 'chart');
      world.desk.settleBar('BTC/USDT', []);
      world.openBar('BTC/USDT', 64_000, at, 'binance');
      world.desk.settleBar('BTC/USDT', []);
    }
    world.openBar('BTC/USDT', 20_061, world.time, 'chart');
    const chartEntry = world.submit(world.order('chart-bot', 'BTC/USDT', 500, 20_061));
    world.desk.settleBar('BTC/USDT', []);
    world.openBar('BTC/USDT', 64_000, world.time - 60_000, 'binance');
    const venueEntry = world.submit(world.order('venue-bot', 'BTC/USDT', 500, 64_000));
    world.desk.settleBar('BTC/USDT', []);
    await Promise.all([chartEntry, venueEntry]);
    const [chart] = world.store.decisions.recent({ config: 'chart-bot', limit: 1 });
    const [venue] = world.store.decisions.recent({ config: 'venue-bot', limit: 1 });
    // The chart's hour climbed 60 from 20 001: +0.3 %; the venue's hour is flat.
    expect(chart!.features.ret_1h).toBeCloseTo(0.3, 4);
    expect(venue!.features.ret_1h).toBe(0);
  });

  it('a live configuration’s setup reads its venue’s recent history, read once when the venue streams the symbol for it', async () => {
    const world = deskWorld({ configs: [{ name: 'venue-bot', strategy: 'breakout', account: 'binance:main' }] });
    // The venue's last day: 60 000 a day ago, 61 200 now (+2 %); the newest bar is still forming.
    const start = world.time - 1_441 * 60_000;
    const history = Array.from({ length: 1_442 }, (_, i) => ({ time: start + i * 60_000, open: 60_000 + Math.min(i, 1_440) * (1_200 / 1_440), high: 61_300, low: 59_900, close: 60_000 + Math.min(i, 1_440) * (1_200 / 1_440), volume: 5 }));
    let reads = 0;
    const venue = { history: async () => (reads++, history) } as unknown as MarketFeed;
    world.desk.warmFeed('binance', venue, ['BTC/USDT']);
    world.desk.warmFeed('binance', venue, ['BTC/USDT']);
    await vi.waitFor(() => expect(world.book.of('binance', 'BTC/USDT')).toHaveLength(1_441));
    expect(reads).toBe(1);
    world.openBar('BTC/USDT', 61_200, world.time, 'binance');
    const entry = world.submit(world.order('venue-bot', 'BTC/USDT', 500, 61_200));
    world.desk.settleBar('BTC/USDT', []);
    await entry;
    const [decision] = world.store.decisions.recent({ config: 'venue-bot', limit: 1 });
    expect(decision!.features.ret_24h).toBeCloseTo(2, 1);
  });
});
