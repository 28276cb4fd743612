import { statSync } from 'node:fs';
import { fmt } from '../exchange/precision.js';
import type { ExchangePort } from '../exchange/port.js';
import { TradingEngine } from '../engine/engine.js';
import type { EngineOrder, OrderSubmission, SubmitRefusal } from '../engine/order-router.js';
import type { RiskGate } from '../engine/risk-gate.js';
import type { MarketSymbol } from '../market/candle.js';
import type { OrderPipeline, SubmitRequest } from '../orders/pipeline.js';
import { newClientOrderId } from '../exchange/client-order-id.js';
import type { StrategyConfigRecord } from './config-record.js';
import type { SignalLog } from './signal-record.js';
import type { RunnableStrategy } from '../strategies/contract.js';
import type { StrategyError } from '../strategies/strategy-error.js';
import { RefusalEpisodes } from './refusal-episodes.js';
import type { OrderAdmission } from './admission.js';

/** A configuration running on its account. */
export interface Running {
  readonly record: StrategyConfigRecord;
  readonly engine: TradingEngine;
  /** The symbols it trades: a symbol whose market data failed at its start is taken out. */
  symbols: readonly MarketSymbol[];
  warming: boolean;
  /** The trader's file it runs, as it was when loaded (stamp: size and modification time); absent for a built-in. */
  readonly file?: { readonly path: string; readonly stamp: string | null };
}

export interface EngineInputs {
  readonly record: StrategyConfigRecord;
  readonly definition: RunnableStrategy;
  readonly builtin: boolean;
  /** The trader's file (null for a built-in): an edit after the run loaded it is shown beside its state. */
  readonly file?: string | null;
  readonly symbols: readonly MarketSymbol[];
  /** Where the engine hears its orders' updates and reads market rules (live: each fill once). */
  readonly port: ExchangePort;
  /** Quote amount `equity_fraction` sizes refer to. */
  readonly budget: number;
  readonly pipeline: Pick<OrderPipeline, 'submit'>;
  readonly signals: Pick<SignalLog, 'record'>;
  readonly halted: () => boolean;
  /** Exits, trades and fills of a live engine: saved as they change (positions and their exits survive a restart). */
  readonly onFill: (run: Running, symbol: MarketSymbol) => void;
  readonly onProblem: (error: StrategyError) => void;
  /** The engine stopped the strategy on a symbol (a fatal error, or too many in a row): it no longer trades there. */
  readonly onStopped: (symbol: MarketSymbol, detail: string) => void;
  /** The portfolio's say over the configuration's orders (budgets, conflicts, edge, learned filter); absent: straight to the pipeline. */
  readonly admission?: OrderAdmission;
}

/**
 * Builds the engine of one configuration for its trading account. Every order it decides on goes to the
 * account's order pipeline under the configuration's name (precision, the account-wide risk gate,
 * journal, send); the engine's own gate only says whether it may act at all: not while it warms up on
 * history, not while HALTED (each such refusal is logged once per episode).
 */
export function buildEngine(inputs: EngineInputs): Running {
  const { record, definition } = inputs;
  let run: Running | null = null;
  const refusals = new RefusalEpisodes();
  const mayAct: RiskGate = {
    check: (order) => {
      if (run?.warming !== false) return { ok: false, reason: 'warming up on history' };
      // HALTED: nothing automatic; the trader's own close from a position's row still goes.
      const halted = inputs.halted() && !(order.purpose === 'exit' && order.act === 'trader') ? { ok: false as const, reason: `Halyard is HALTED (emergency stop): ${order.symbol} ${order.purpose} not sent until the trader re-arms`, rule: 'halted' } : { ok: true as const };
      return refusals.checked(order, halted);
    },
  };
  const engine = new TradingEngine({
    strategy: definition,
    params: record.params,
    symbols: inputs.symbols,
    exchange: inputs.port,
    budget: inputs.budget,
    riskGate: mayAct,
    driveExchange: false,
    newTradeId: () => `${record.name}-${newClientOrderId().slice(2, 10)}`,
    validateIntents: !inputs.builtin,
    submit: (order) => submitTo(inputs, order, () => (run ? run.engine.readiness(order.tag.symbol) : null)),
    exitsPaused: inputs.halted,
    listener: {
      onFill: (fill) => {
        if (!run || run.warming) return;
        inputs.onFill(run, fill.symbol);
        inputs.signals.record({ time: fill.time, strategy: record.name, symbol: fill.symbol, timeframe: null, kind: fill.purpose, score: null, components: {}, reason: fill.reason, outcome: `filled ${fmt(fill.qty)} @ ${fmt(fill.price)}` });
      },
      onRiskEvent: (event) => {
        if (run?.warming !== false || event.detail.includes('warming up')) return;
        // A refusal repeating its logged episode (same rule, same symbol) is not logged again.
        const refused = refusals.classify(event);
        if (refused === 'skip') return;
        inputs.signals.record({ time: event.time, strategy: record.name, symbol: refused ?? inputs.symbols[0]!, timeframe: null, kind: event.kind, score: null, components: {}, reason: event.detail, outcome: 'blocked' });
      },
      onStrategyError: (error) => inputs.onProblem(error),
      onStrategyStopped: (symbol, detail) => inputs.onStopped(symbol, detail),
    },
  });
  run = { record, engine, symbols: inputs.symbols, warming: true, ...(inputs.file ? { file: { path: inputs.file, stamp: fileStamp(inputs.file) } } : {}) };
  return run;
}

/**
 * The engine's order as a submission to the account's pipeline, under the configuration's name —
 * through the orchestrator's admission when there is one (it may hold an entry until the bar is
 * settled, trim it, or refuse it).
 */
function submitTo(inputs: EngineInputs, order: EngineOrder, readiness: () => number | null): OrderSubmission {
  const { tag } = order;
  const { record, pipeline, admission } = inputs;
  const request = (amount: number, clientOrderId?: string): SubmitRequest => ({
    account: record.account,
    owner: record.name,
    act: tag.act,
    ...(clientOrderId !== undefined ? { clientOrderId } : {}),
    intent: {
      symbol: tag.symbol,
      side: order.side,
      type: order.type,
      amount,
      ...(order.limitPrice !== undefined ? { price: order.limitPrice } : {}),
      purpose: tag.purpose,
      reason: tag.purpose === 'exit' ? `${record.name}: ${tag.exitReason ?? tag.reason}` : `${record.name}: ${tag.reason}`,
      ...(tag.exitReason ? { exitReason: tag.exitReason } : {}),
      tradeId: tag.tradeId,
      referencePrice: order.referencePrice,
      ...(tag.exits?.takeProfits ? { plannedExits: tag.exits.takeProfits } : {}),
    },
  });
  const submission = admission
    ? admission.submit(
        {
          account: record.account,
          config: record.name,
          strategy: record.strategy,
          version: record.version,
          symbol: tag.symbol,
          side: order.side,
          purpose: tag.purpose,
          type: order.type,
          amount: order.amount,
          price: order.limitPrice ?? order.referencePrice,
          exitReason: tag.exitReason,
          tradeId: tag.tradeId,
          act: tag.act,
          score: tag.score ?? null,
          components: tag.components ?? null,
          readiness,
        },
        (amount, clientOrderId) => pipeline.submit(request(amount, clientOrderId)).done,
      )
    : pipeline.submit(request(order.amount));
  return {
    clientOrderId: submission.clientOrderId,
    done: submission.done.then((outcome): { ok: true } | SubmitRefusal => {
      if (outcome.ok) return { ok: true };
      return { ok: false, stage: outcome.stage === 'risk' ? 'risk' : outcome.stage === 'rules' ? 'rules' : 'exchange', message: outcome.message };
    }),
  };
}

/** A file's size and modification time (null when it is gone): what tells an edited file from the one a run loaded. */
export function fileStamp(path: string): string | null {
  try {
    const info = statSync(path);
    return `${info.size}:${info.mtimeMs}`;
  } catch {
    return null;
  }
}
