/**
 * The Strategies rows' realized P&L (issue 16 pass s34): what one paper fill costs the core at 20,000
 * fills of history, side by side in one run:
 * 1. Replay (the way before s34, kept here as the reference): on each paper sell, every fill of the
 *    account read back from the paper exchange, tagged with its order's sender (the journal), replayed
 *    through the P&L report, and each source's all-time realized net taken from it.
 * 2. Running (s34): the fill tagged the same way and applied to the running figures (StrategyRealized ·
 *    RealizedBySource), built once from the same history.
 * Both run on the real PnlService over a real paper exchange and journal (in-memory store); the fills
 * mix four sources on two markets, entries in pieces and partial exits. CPU time (user + system) of this
 * single-threaded process; the two figures must print the same numbers (checked before timing).
 * Goal: the running update costs nothing the trader can feel in a burst (well under 1 ms per fill).
 */
import { PnlService } from '../../core/app/pnl-service.js';
import { StrategyRealized } from '../../core/app/strategy-realized.js';
import { pnlReport } from '../../core/engine/pnl-report.js';
import { PaperExchange } from '../../core/exchange/paper-exchange.js';
import type { Fill } from '../../core/exchange/port.js';
import { OrderJournal } from '../../core/orders/journal.js';
import { JournaledExchange } from '../../core/orders/journaled-exchange.js';
import { openMemoryStore } from '../../core/store/open-store.js';
import { testMarket } from '../helpers/markets.js';

const HISTORY = Number(process.env.BENCH_REALIZED_FILLS ?? 20_000);
const REPLAYS = 15;
const RUNNING = 4_000;
const SOURCES = ['manual', 'alpha', 'beta', 'gamma'] as const;
const MARKETS = ['BTC/USDT', 'ETH/USDT'].map((symbol) => testMarket(symbol));
const T0 = Date.UTC(2026, 0, 1);

function cpuMs(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function cpuMsAsync(work: () => Promise<void>): Promise<number> {
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** An account's fills: each source buys in one to three pieces, then sells half or all of what it holds. */
function* tape(journal: OrderJournal): Generator<Fill> {
  let seq = 0;
  let orders = 0;
  const held = new Map<string, number>();
  for (let i = 0; ; i++) {
    const source = SOURCES[i % SOURCES.length]!;
    const symbol = MARKETS[(i >> 2) % MARKETS.length]!.symbol;
    const key = `${source} ${symbol}`;
    const holding = held.get(key) ?? 0;
    const side = holding > 0 && i % 3 !== 0 ? 'sell' : 'buy';
    const amount = side === 'buy' ? 0.5 + (i % 7) * 0.125 : i % 2 === 0 ? holding : Number((holding / 2).toFixed(4));
    const price = Number((100 + 10 * Math.sin(i / 50) + (i % 13) * 0.07).toFixed(2));
    const clientOrderId = `b-${++orders}`;
    journal.intend({ clientOrderId, symbol, side, type: 'market', amount }, { venue: 'paper', strategy: source === 'manual' ? null : source, reason: 'bench' });
    const pieces = side === 'buy' ? 1 + (i % 3) : 1;
    for (let p = 0; p < pieces; p++) {
      const piece = Number((amount / pieces).toFixed(6));
      const last = p === pieces - 1 ? Number((amount - piece * (pieces - 1)).toFixed(6)) : piece;
      yield { id: `x${orders}-${++seq}`, clientOrderId, exchangeOrderId: `x${orders}`, symbol, side, price, amount: last, fee: last * price * 0.001, feeCurrency: 'USDT', liquidity: 'taker', time: T0 + seq * 1_000 };
    }
    held.set(key, side === 'buy' ? holding + amount : Number((holding - amount).toFixed(6)));
  }
}

/** Each source's all-time realized net in the P&L report over `fills`: what the P&L tab shows. */
function bySource(fills: Parameters<typeof pnlReport>[0]['fills']): Map<string, number> {
  const report = pnlReport({ fills, mark: () => 100, now: T0, startingBalance: 1_000_000 });
  return new Map(report.bySource.map(({ source, periods }) => [source, periods.all.realizedNet]));
}

export async function run(): Promise<void> {
  const store = openMemoryStore({ now: () => T0 });
  const journal = new OrderJournal(store.orders, store.fills, () => T0);
  const fills = tape(journal);
  const history: Fill[] = [];
  while (history.length < HISTORY) history.push(fills.next().value!);
  const paper = new PaperExchange({ markets: MARKETS, balances: { USDT: 1_000_000 }, history });
  const port = JournaledExchange.wrap({ inner: paper, journal, halted: () => false, venue: 'paper' });
  const pnl = new PnlService({
    paper: { started: true, port, markPrice: () => 100, startingBalance: 1_000_000 },
    market: { current: { history: async () => [] } },
    orders: journal.orders,
    now: () => T0,
    // As the core asks it: the store's reset line, read for every fill.
    sinceFill: () => store.paper.resetFillSeq('paper'),
  });
  // The way before: the P&L report over every fill, each source's all-time realized net.
  const replay = async (): Promise<Map<string, number>> => bySource(await pnl.paperFills());
  const replayOf = async (all: readonly Fill[]): Promise<Map<string, number>> => bySource(all.map((fill) => pnl.pnlFill(fill)!));
  const realized = new StrategyRealized({ paperFills: () => pnl.paperFills(), paperFill: (fill, order) => pnl.pnlFill(fill, order), trades: { realizedOf: () => 0 }, changed: () => undefined });
  const rebuild = await cpuMsAsync(() => realized.rebuild());
  const reference = await replay();
  for (const source of SOURCES) {
    if (String(realized.of('paper', source)) !== String(reference.get(source) ?? 0)) throw new Error(`${source}: running ${realized.of('paper', source)} ≠ replay ${reference.get(source)}`);
  }

  const replays: number[] = [];
  for (let i = 0; i < REPLAYS; i++) replays.push(await cpuMsAsync(async () => void (await replay())));
  // Of a replay: the P&L report over fills already read and tagged (the rest is reading and tagging them).
  const tagged = await pnl.paperFills();
  const reports: number[] = [];
  for (let i = 0; i < REPLAYS; i++) reports.push(cpuMs(() => void bySource(tagged)));
  const more: Fill[] = [];
  for (let i = 0; i < 2 * RUNNING; i++) more.push(fills.next().value!);
  // As wired, each fill comes with the journal's row of its order (the journal looks it up for every
  // listener anyway); the second half is timed without it: the update then looks the order up itself.
  const withRow = more.slice(0, RUNNING).map((fill) => ({ fill, order: journal.orders.get(fill.clientOrderId) }));
  const running = cpuMs(() => {
    for (const { fill, order } of withRow) realized.paperFill(fill, order);
  });
  const lookingUp = cpuMs(() => {
    for (const fill of more.slice(RUNNING)) realized.paperFill(fill, null);
  });
  const check = await replayOf([...history, ...more]);
  for (const source of SOURCES) {
    if (String(realized.of('paper', source)) !== String(check.get(source) ?? 0)) throw new Error(`${source}: running ${realized.of('paper', source)} ≠ replay ${check.get(source)} after ${more.length} more fills`);
  }
  const perReplay = median(replays);
  const perFill = running / RUNNING;
  process.stdout.write(`history ${HISTORY} fills (4 sources, 2 markets, ${new Set(history.map((f) => f.clientOrderId)).size} orders); the running figures built from it once: ${rebuild.toFixed(1)} ms CPU\n`);
  process.stdout.write(`replay per paper sell (before, reference): median ${perReplay.toFixed(2)} ms CPU over ${REPLAYS} replays (spread ${Math.min(...replays).toFixed(1)}–${Math.max(...replays).toFixed(1)}), of which the P&L report ${median(reports).toFixed(1)} ms and reading and tagging the fills the rest\n`);
  process.stdout.write(`running update per paper fill (now, as wired): ${(perFill * 1000).toFixed(1)} µs CPU over ${RUNNING} fills; looking each order up itself: ${((lookingUp / RUNNING) * 1000).toFixed(1)} µs\n`);
  process.stdout.write(`ratio replay per sell / running update per fill: ${(perReplay / perFill).toFixed(0)}× (goal: well under 1 ms per fill; same figures checked after both)\n`);
  store.close();
}
