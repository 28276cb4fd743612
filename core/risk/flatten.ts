import type { FlattenReport } from '../api/contract/risk.js';
import { TERMINAL_ORDER_STATUSES, type ExchangeOrder, type Fill, type OrderRequest } from '../exchange/port.js';
import { baseOf, type RebuiltPosition } from './bot-positions.js';
import type { StopAccount } from './emergency-stop.js';
import type { OrderJournal } from './journal.js';
import { JournaledExchange } from './journaled-exchange.js';

/**
 * Flatten: close every position the bot opened, after an explicit confirmation and only while HALTED.
 * Market sells (reduce-only where the venue has it) of the bot's quantity — rebuilt from the fills of
 * journaled orders, capped by the free balance — then verification against the venue: the orders are
 * followed until final, the venue's fills are recorded, and the bot's position is rebuilt again. Dust
 * below the market minimum cannot be sold and is reported as such.
 */

export interface FlattenOptions {
  readonly journal: OrderJournal;
  /** The bot's positions on an account, rebuilt from journaled fills (Reconciler.botPositions). */
  readonly positions: (accountId: string) => RebuiltPosition[];
  readonly newOrderId: () => string;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** How long to follow a flatten order until it is final (a paper market order fills on the next bar). */
  readonly settleMs?: number;
  /**
   * The venue's fills of one flatten order, once verified: strategy engines holding the symbol on that
   * account close their positions from them (they did not send the order, so they would not know).
   */
  readonly onFills?: (account: StopAccount, fills: readonly Fill[]) => void;
}

type Result = FlattenReport['positions'][number];

export async function flattenAccounts(accounts: readonly StopAccount[], options: FlattenOptions): Promise<FlattenReport> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const perAccount = await Promise.all(accounts.map((account) => flattenAccount(account, options, startedAt)));
  const positions = perAccount.flat();
  return { startedAt, finishedAt: now(), positions, verified: positions.every((p) => p.outcome === 'closed' || p.outcome === 'dust' || p.outcome === 'nothing') };
}

async function flattenAccount(account: StopAccount, options: FlattenOptions, startedAt: number): Promise<Result[]> {
  const { port } = account;
  const positions = options.positions(account.id);
  if (positions.length === 0) return [];
  await port.loadMarkets();
  const balances = await port.fetchBalances();
  return Promise.all(
    positions.map(async (position): Promise<Result> => {
      const base = baseOf(position.symbol);
      const free = balances.find((b) => b.currency === base)?.free ?? 0;
      const amount = port.roundAmount(position.symbol, Math.min(position.quantity, free));
      const rules = port.market(position.symbol);
      const result = (outcome: Result['outcome'], detail: string, clientOrderId: string | null = null, remaining = position.quantity): Result => ({
        account: account.id,
        symbol: position.symbol,
        quantity: position.quantity,
        clientOrderId,
        outcome,
        remaining,
        detail,
      });
      if (!(amount > 0) || (rules.minAmount !== null && amount < rules.minAmount)) {
        return result('dust', `${position.quantity} ${base} (free ${free}) is below the minimum ${rules.minAmount ?? rules.amountStep} ${base}: it cannot be sold`);
      }
      const request: OrderRequest = {
        clientOrderId: options.newOrderId(),
        symbol: position.symbol,
        side: 'sell',
        type: 'market',
        amount,
        ...(port.capabilities.reduceOnly ? { reduceOnly: true } : {}),
      };
      let order: ExchangeOrder;
      try {
        order = port instanceof JournaledExchange ? await port.placeEmergencyOrder(request, 'emergency_stop: flatten') : await port.placeOrder(request);
      } catch (error) {
        return result('failed', `the market sell of ${amount} ${base} was refused: ${error instanceof Error ? error.message : String(error)}`, request.clientOrderId);
      }
      order = await followUntilFinal(account, order, options);
      // Verify with the venue's own fills: record them, then rebuild the bot's position.
      const own: Fill[] = [];
      for (const fill of await port.fetchFills(position.symbol, startedAt - 60_000)) {
        const owner = options.journal.find(account.id, fill.clientOrderId || null, fill.exchangeOrderId);
        if (owner) options.journal.fills.record(account.id, { ...fill, clientOrderId: owner.clientOrderId });
        if (owner?.clientOrderId === request.clientOrderId) own.push({ ...fill, clientOrderId: owner.clientOrderId });
      }
      if (own.length > 0) options.onFills?.(account, own);
      const remaining = options.positions(account.id).find((p) => p.symbol === position.symbol)?.quantity ?? 0;
      const sellable = rules.minAmount ?? rules.amountStep;
      const detail = `sold ${order.filled} of ${amount} ${base} (order ${order.status}); bot position now ${remaining} ${base}`;
      if (remaining < sellable) return result('closed', detail, request.clientOrderId, remaining);
      return result(remaining < position.quantity ? 'partial' : 'failed', detail, request.clientOrderId, remaining);
    }),
  );
}

async function followUntilFinal(account: StopAccount, order: ExchangeOrder, options: FlattenOptions): Promise<ExchangeOrder> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // Counted polls, not a deadline: a test's frozen clock must not make this spin forever.
  let polls = Math.ceil((options.settleMs ?? 15_000) / 100);
  let current = order;
  while (!TERMINAL_ORDER_STATUSES.has(current.status) && polls-- > 0) {
    await sleep(100);
    current = (await account.port.fetchOrderByClientId(order.clientOrderId, order.symbol)) ?? current;
  }
  if (current !== order) options.journal.apply(account.id, current);
  return current;
}
