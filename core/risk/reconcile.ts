import { fmt } from '../exchange/precision.js';
import type { Difference, ReconcileReport } from './reports.js';
import type { ExchangeOrder, ExchangePort, Fill } from '../exchange/port.js';
import { baseOf, rebuildPositions, type RebuiltPosition } from './bot-positions.js';
import { isLateWrite, type OrderJournal } from '../orders/journal.js';
import { extraMarkets, type SeenBalances } from './reconcile-markets.js';

/** The order journal reconciliation brings up to date. */
export type ReconcileJournal = OrderJournal;
import type { JsonSettings } from './state.js';

/**
 * Reconciliation with the exchanges — on start, on reconnect and on wake — before any strategy runs:
 *  1. every journaled order that may still be alive is looked up (open orders, then by client id) and
 *     its journal brought up to date; an intent the venue does not have is closed as `rejected` — and
 *     reopened if the venue reports it later (a late write after a timeout: the venue's word wins);
 *  2. recent fills are recorded (idempotently) and attributed to journaled orders — on the markets Halyard
 *     knows for the account and on those whose coin's balance changed since it last saw it (reconcile-markets.ts),
 *     or, where one listing holds every market's trades (Kraken), on every market in it;
 *  3. bot positions are rebuilt from those fills and checked against the balances;
 *  4. what does not match is listed for the trader: untracked open orders (adopt / ignore / cancel),
 *     fills of orders Halyard did not place (adopt / ignore), journaled orders the venue no longer knows,
 *     and balances smaller than the bot's positions.
 */

export interface ReconcileAccount {
  /** Journal venue key (`paper`, `binance:main`, …). */
  readonly id: string;
  readonly label: string;
  readonly port: ExchangePort;
}

export type ReconcileTrigger = ReconcileReport['trigger'];

export interface ReconcilerOptions {
  readonly journal: OrderJournal;
  readonly accounts: () => readonly ReconcileAccount[];
  /** Where ignored differences are remembered (settings); in memory when absent. */
  readonly settings?: JsonSettings;
  readonly now?: () => number;
  /** How far back fills are fetched; default 7 days. */
  readonly fillLookbackMs?: number;
  /** What Halyard holds per symbol on an account (the position ledger); default: rebuilt from journaled fills. */
  readonly positions?: (account: string) => readonly RebuiltPosition[];
}

interface Pending {
  readonly difference: Difference;
  readonly account: ReconcileAccount;
  readonly order?: ExchangeOrder;
  readonly fill?: Fill;
}

const IGNORED_KEY = 'risk.reconcile.ignored';
/** Each account's balances as its last successful reconciliation read them (which coins moved since). */
const SEEN_KEY = 'risk.reconcile.seenBalances';
/** How long after Halyard closed an order as never placed it still asks whether the venue wrote it late. */
const LATE_WRITE_WINDOW_MS = 15 * 60_000;
const LATE_WRITE_LOOKUPS = 20;
const DAY_MS = 86_400_000;

export class Reconciler {
  private readonly pending = new Map<string, Pending>();
  private readonly ignoredInMemory = new Set<string>();
  private readonly seenInMemory = new Map<string, SeenBalances>();
  /** How many runs in progress hold each account (a run holds every account it checks until it ends). */
  private readonly running = new Map<string, number>();
  private runs = 0;
  private readonly now: () => number;

  constructor(private readonly options: ReconcilerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** True while a reconciliation runs: the gate refuses every order meanwhile. */
  get reconciling(): boolean {
    return this.runs > 0;
  }

  /** True while a run checks `account`: the gate refuses that account's orders meanwhile (a retry of one account holds no other). */
  reconcilingAccount(account: string): boolean {
    return (this.running.get(account) ?? 0) > 0;
  }

  /**
   * Refuses `account`'s orders from now until the returned release, as a run does: an account armed now is held
   * from before it can trade until its first run has started (that run holds it until it ends).
   */
  hold(account: string): () => void {
    this.running.set(account, (this.running.get(account) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running.set(account, (this.running.get(account) ?? 1) - 1);
    };
  }

  differences(): Difference[] {
    return [...this.pending.values()].map((p) => p.difference);
  }

  /** Reconciles every account, or only those named in `only` (a retry of the accounts that failed). */
  async reconcile(trigger: ReconcileTrigger, only?: ReadonlySet<string>): Promise<ReconcileReport> {
    const accounts = this.options.accounts().filter((account) => only === undefined || only.has(account.id));
    this.runs += 1;
    for (const account of accounts) this.running.set(account.id, (this.running.get(account.id) ?? 0) + 1);
    const startedAt = this.now();
    const report: ReconcileReport = { trigger, startedAt, finishedAt: startedAt, accounts: [], updated: [], differences: [], positions: [] };
    try {
      for (const account of accounts) {
        for (const key of [...this.pending.keys()]) if (this.pending.get(key)?.account.id === account.id) this.pending.delete(key);
        try {
          const markets = await this.reconcileAccount(account, report);
          report.accounts.push({ account: account.id, ok: true, error: null, marketsChecked: markets.checked, ...(markets.later.length > 0 ? { marketsLater: markets.later } : {}), ...(markets.everyMarket ? { everyMarket: true } : {}) });
        } catch (error) {
          report.accounts.push({ account: account.id, ok: false, error: error instanceof Error ? error.message : String(error) });
        }
      }
    } finally {
      this.runs -= 1;
      for (const account of accounts) this.running.set(account.id, (this.running.get(account.id) ?? 1) - 1);
    }
    report.differences = this.differences();
    report.finishedAt = this.now();
    return report;
  }

  /** Applies the trader's choice for one difference; returns what is still open. */
  async resolve(id: string, action: 'adopt' | 'ignore' | 'cancel'): Promise<Difference[]> {
    const item = this.pending.get(id);
    if (!item) throw new Error(`no reconciliation difference ${id}`);
    if (!item.difference.actions.includes(action)) throw new Error(`${action} is not possible for ${item.difference.kind} ${id}; choose ${item.difference.actions.join(', ')}`);
    const { journal } = this.options;
    if (action === 'ignore') {
      this.ignore(id);
      if (item.difference.kind === 'missing_order' && item.difference.clientOrderId) {
        journal.mark(item.difference.clientOrderId, 'expired', 'the venue no longer knows this order; closed by the trader during reconciliation');
      }
    } else if (action === 'adopt' && item.order) {
      this.adoptOrder(item.account, item.order);
    } else if (action === 'adopt' && item.fill) {
      this.adoptFill(item.account, item.fill);
    } else if (action === 'cancel' && item.order) {
      const result = await item.account.port.cancelOrder(item.order.clientOrderId, item.order.symbol, item.order.exchangeOrderId);
      if (result.outcome === 'failed') throw new Error(`cancel of ${item.order.symbol} order ${item.order.exchangeOrderId ?? item.order.clientOrderId} failed: ${result.error ?? 'unknown error'}`);
    }
    this.pending.delete(id);
    return this.differences();
  }

  /** Brings one account's journal up to date; the markets whose trades it read (and those left for a later run; whether one listing held every market's). */
  private async reconcileAccount(account: ReconcileAccount, report: ReconcileReport): Promise<{ checked: string[]; later: string[]; everyMarket: boolean }> {
    const { port } = account;
    const { journal } = this.options;
    const markets = await port.loadMarkets();
    const open = await port.fetchOpenOrders();
    const symbols = new Set<string>(open.map((o) => o.symbol));

    await this.askAgainAboutRecentRejections(account);
    for (const record of journal.live(account.id)) {
      symbols.add(record.symbol);
      // A send still in flight in this process is not lost: its answer will settle it.
      if (isInFlight(port, record.clientOrderId)) continue;
      const match =
        open.find((o) => o.clientOrderId === record.clientOrderId || (record.exchangeOrderId !== null && o.exchangeOrderId === record.exchangeOrderId)) ??
        (await port.fetchOrderByClientId(record.clientOrderId, record.symbol));
      if (match) {
        const after = journal.apply(account.id, { ...match, clientOrderId: record.clientOrderId });
        if (after && after.status !== record.status) report.updated.push(`${record.clientOrderId} ${record.symbol}: ${record.status} → ${after.status}`);
      } else if (record.status === 'pending' || record.status === 'unknown') {
        journal.mark(record.clientOrderId, 'rejected', `not found at ${account.label} during reconciliation (${report.trigger}): it was never placed`);
        report.updated.push(`${record.clientOrderId} ${record.symbol}: ${record.status} → rejected (never reached ${account.label})`);
      } else {
        this.add(account, {
          kind: 'missing_order',
          symbol: record.symbol,
          clientOrderId: record.clientOrderId,
          exchangeOrderId: record.exchangeOrderId,
          detail: `${record.symbol} ${record.side} ${fmt(record.amount)} was ${record.status} in the journal but ${account.label} no longer lists it`,
          actions: ['ignore'],
        });
      }
    }

    for (const order of open) {
      const known = journal.find(account.id, order.clientOrderId || null, order.exchangeOrderId);
      // An order closed as never placed that is open at the venue after all: the venue's word wins.
      if (known && isLateWrite(known, order)) journal.apply(account.id, { ...order, clientOrderId: known.clientOrderId });
      if (known) continue;
      this.add(
        account,
        {
          kind: 'untracked_order',
          symbol: order.symbol,
          clientOrderId: order.clientOrderId || null,
          exchangeOrderId: order.exchangeOrderId,
          detail: `${account.label} has an open ${order.symbol} ${order.side} ${order.type} order of ${fmt(order.amount)}${order.price !== null ? ` at ${fmt(order.price)}` : ''} that Halyard did not place`,
          actions: ['adopt', 'ignore', 'cancel'],
        },
        { order },
      );
    }

    for (const record of journal.orders.recent({ limit: 500 })) if (record.venue === account.id) symbols.add(record.symbol);
    const since = this.now() - (this.options.fillLookbackMs ?? 7 * DAY_MS);
    for (const fill of journal.fills.between(since, Number.MAX_SAFE_INTEGER)) if (fill.venue === account.id) symbols.add(fill.symbol);
    const balances = await port.fetchBalances();
    // Where one listing holds every market's trades (Kraken's TradesHistory) it is read once for all markets: the known
    // ones' fills and any other's (a trade made on the venue's website) are in it; per market it would be read again
    // for each, spending the venue's call counter on the same pages. Elsewhere markets are asked one by one.
    const everyMarket = (await port.fetchAccountFills?.(since)) ?? null;
    const extra = everyMarket !== null ? { check: [], later: [], seen: {} } : extraMarkets({ markets, known: symbols, balances, lastSeen: this.seenBalances(account.id) });
    for (const symbol of [...extra.check, ...(everyMarket ?? []).map((fill) => fill.symbol)]) symbols.add(symbol);
    for (const symbol of symbols) {
      for (const fill of everyMarket?.filter((listed) => listed.symbol === symbol) ?? (await port.fetchFills(symbol, since))) {
        const owner = journal.find(account.id, fill.clientOrderId || null, fill.exchangeOrderId);
        if (owner) {
          journal.fills.record(account.id, { ...fill, clientOrderId: owner.clientOrderId });
          continue;
        }
        journal.fills.record(account.id, fill);
        this.add(
          account,
          {
            kind: 'untracked_fill',
            symbol: fill.symbol,
            clientOrderId: fill.clientOrderId || null,
            exchangeOrderId: fill.exchangeOrderId,
            detail: `a ${fill.symbol} ${fill.side} fill of ${fmt(fill.amount)} at ${fmt(fill.price)} (${new Date(fill.time).toISOString()}) belongs to no order Halyard placed`,
            actions: ['adopt', 'ignore'],
          },
          { fill },
        );
      }
    }

    const positions = this.options.positions?.(account.id) ?? this.botPositions(account.id);
    for (const position of positions) {
      report.positions.push({ account: account.id, symbol: position.symbol, quantity: position.quantity, averageEntry: position.averageEntry });
      const base = baseOf(position.symbol);
      const held = balances.find((b) => b.currency === base)?.total ?? 0;
      const step = safeStep(port, position.symbol);
      if (held + step < position.quantity) {
        this.add(account, {
          kind: 'balance_short',
          symbol: position.symbol,
          clientOrderId: null,
          exchangeOrderId: null,
          detail: `Halyard's fills say it holds ${fmt(position.quantity)} ${base} on ${position.symbol}, but ${account.label} reports only ${fmt(held)} ${base}: something sold outside Halyard`,
          actions: ['ignore'],
        });
      }
    }
    if (everyMarket === null) this.rememberBalances(account.id, extra.seen);
    return { checked: [...symbols].sort(), later: extra.later, everyMarket: everyMarket !== null };
  }

  /** The account's balances as its last successful reconciliation read them; null before its first. */
  private seenBalances(account: string): SeenBalances | null {
    const stored = this.options.settings?.getRaw(SEEN_KEY);
    const fromStore = isRecord(stored) && isRecord(stored[account]) ? stored[account] : null;
    return fromStore ? Object.fromEntries(Object.entries(fromStore).filter((entry): entry is [string, number] => typeof entry[1] === 'number')) : (this.seenInMemory.get(account) ?? null);
  }

  private rememberBalances(account: string, seen: SeenBalances): void {
    this.seenInMemory.set(account, seen);
    const settings = this.options.settings;
    if (!settings) return;
    const stored = settings.getRaw(SEEN_KEY);
    settings.set(SEEN_KEY, { ...(isRecord(stored) ? stored : {}), [account]: seen });
  }

  /**
   * Orders closed as never placed in the last minutes may still have been written late by the venue
   * (a backend that timed out): ask the venue once more for each, by client id, and take its word.
   * Bounded: the most recent few, within a short window, so a list of refusals costs little.
   */
  private async askAgainAboutRecentRejections(account: ReconcileAccount): Promise<void> {
    const { journal } = this.options;
    const since = this.now() - LATE_WRITE_WINDOW_MS;
    const doubtful = journal.orders
      .recent({ limit: 200 })
      .filter((r) => r.venue === account.id && r.status === 'rejected' && r.exchangeOrderId === null && r.updatedAt >= since)
      .slice(0, LATE_WRITE_LOOKUPS);
    for (const record of doubtful) {
      const found = await account.port.fetchOrderByClientId(record.clientOrderId, record.symbol);
      if (found) journal.apply(account.id, { ...found, clientOrderId: record.clientOrderId });
    }
  }

  /** The bot's positions on an account, rebuilt from the fills of journaled orders. */
  botPositions(accountId: string): RebuiltPosition[] {
    const { journal } = this.options;
    const fills = journal.venueFills(accountId).filter((fill) => {
      const order = journal.find(accountId, fill.clientOrderId || null, fill.exchangeOrderId);
      return order !== null;
    });
    return rebuildPositions(fills);
  }

  private adoptOrder(account: ReconcileAccount, order: ExchangeOrder): void {
    const clientOrderId = order.clientOrderId || `adopted-${account.id}-${order.exchangeOrderId ?? this.now()}`;
    this.options.journal.orders.insert({
      clientOrderId,
      venue: account.id,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      price: order.price,
      stopPrice: order.stopPrice,
      amount: order.amount,
      strategy: null,
      reason: 'adopted during reconciliation',
      at: this.now(),
      // Inserted as open, then brought to the venue's state (partially filled, …) by apply().
      status: 'open',
      exchangeOrderId: order.exchangeOrderId,
    });
    this.options.journal.apply(account.id, { ...order, clientOrderId });
  }

  private adoptFill(account: ReconcileAccount, fill: Fill): void {
    const clientOrderId = fill.clientOrderId || `adopted-${account.id}-${fill.exchangeOrderId ?? fill.id}`;
    const { journal } = this.options;
    if (!journal.get(clientOrderId)) {
      journal.orders.insert({
        clientOrderId,
        venue: account.id,
        symbol: fill.symbol,
        side: fill.side,
        type: 'market',
        amount: fill.amount,
        strategy: null,
        reason: 'adopted fill during reconciliation',
        at: this.now(),
        status: 'open',
        exchangeOrderId: fill.exchangeOrderId,
      });
      journal.orders.transition(clientOrderId, { status: 'filled', filled: fill.amount, averagePrice: fill.price, fee: fill.fee, feeCurrency: fill.feeCurrency, at: this.now(), note: 'adopted by the trader' });
    }
    journal.fills.record(account.id, { ...fill, clientOrderId });
  }

  private add(account: ReconcileAccount, body: Omit<Difference, 'id' | 'account'>, extra: { order?: ExchangeOrder; fill?: Fill } = {}): void {
    const id = `${account.id}:${body.kind}:${body.clientOrderId ?? body.exchangeOrderId ?? body.symbol}${extra.fill ? `:${extra.fill.id}` : ''}`;
    if (this.isIgnored(id)) return;
    this.pending.set(id, { difference: { id, account: account.id, ...body }, account, ...extra });
  }

  private isIgnored(id: string): boolean {
    if (this.ignoredInMemory.has(id)) return true;
    const stored = this.options.settings?.getRaw(IGNORED_KEY);
    return Array.isArray(stored) && stored.includes(id);
  }

  private ignore(id: string): void {
    this.ignoredInMemory.add(id);
    const settings = this.options.settings;
    if (!settings) return;
    const stored = settings.getRaw(IGNORED_KEY);
    const list = Array.isArray(stored) ? stored.filter((x): x is string => typeof x === 'string') : [];
    if (!list.includes(id)) settings.set(IGNORED_KEY, [...list, id].slice(-1_000));
  }
}

/** True while this process waits for the venue's answer to that order (a journaled port knows). */
function isInFlight(port: ExchangePort, clientOrderId: string): boolean {
  const journaled = port as ExchangePort & { isInFlight?: (id: string) => boolean };
  return typeof journaled.isInFlight === 'function' && journaled.isInFlight(clientOrderId);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeStep(port: ExchangePort, symbol: string): number {
  try {
    return port.market(symbol).amountStep;
  } catch {
    return 0;
  }
}
