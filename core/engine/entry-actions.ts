import { TERMINAL_ORDER_STATUSES } from '../exchange/port.js';
import type { Intent } from '../strategies/contract.js';
import type { OrderRouter, OrderTag } from './order-router.js';
import type { RiskContext, RiskEvent, RiskGate } from './risk-gate.js';
import type { SymbolState } from './symbol-state.js';

export interface EntryActionDependencies {
  readonly router: OrderRouter;
  readonly gate: RiskGate;
  readonly newTradeId: () => string;
  readonly equity: () => number;
  readonly riskContext: (s: SymbolState, time: number) => RiskContext;
  readonly report: (s: SymbolState, event: RiskEvent) => void;
  /** An intent the strategy should not have sent (a limit entry without its price). */
  readonly onBadIntent: (s: SymbolState, error: Error, time: number) => void;
}

/** A strategy's `enter` / `add` intents as buy orders through the router: sized, regime-scaled, risk-checked, tagged with their trade. */
export class EntryActions {
  constructor(private readonly deps: EntryActionDependencies) {}

  enter(s: SymbolState, intent: Extract<Intent, { kind: 'enter' | 'add' }>, time: number): void {
    const { router } = this.deps;
    const limit = intent.orderType === 'limit' ? intent.limitPrice : undefined;
    if (intent.orderType === 'limit' && limit === undefined) {
      this.deps.onBadIntent(s, new Error('a limit entry needs limitPrice'), time);
      return;
    }
    const price = limit ?? s.lastClose;
    const tradeId = s.position?.tradeId ?? (s.pendingTradeId ??= this.deps.newTradeId());
    const tag: OrderTag = {
      symbol: s.symbol,
      tradeId,
      purpose: s.position === null && s.entryOrders.size === 0 ? 'enter' : 'add',
      reason: intent.reason,
      exitReason: null,
      exits: intent.exits ?? null,
      pendingExit: null,
      act: 'automatic',
      // The strategy's score of the setup: the orchestrator weighs it against other configurations' and logs it.
      score: intent.score,
      components: intent.components,
    };
    const outcome = router.route({
      tag,
      side: 'buy',
      type: intent.orderType,
      amount: router.size(intent.size, price, this.deps.equity()) * this.sizeMultiplier(s),
      limitPrice: limit,
      referencePrice: s.lastClose,
      risk: this.deps.riskContext(s, time),
    });
    if (!outcome.ok) {
      this.deps.report(s, { time, kind: outcome.stage === 'risk' ? 'entry_blocked' : 'order_rejected', detail: outcome.message });
      if (s.position === null && s.entryOrders.size === 0) s.pendingTradeId = null;
      return;
    }
    if (outcome.order === null || !TERMINAL_ORDER_STATUSES.has(outcome.order.status)) s.entryOrders.add(outcome.clientOrderId);
  }

  /** The gate's regime multiplier for new entries; 0 (entries blocked) is left to the gate's check to refuse with its reason. */
  private sizeMultiplier(s: SymbolState): number {
    const multiplier = this.deps.gate.sizeMultiplier?.(s.symbol) ?? 1;
    return multiplier > 0 && Number.isFinite(multiplier) ? multiplier : 1;
  }
}
