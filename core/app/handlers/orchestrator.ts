import type { AdjustmentView, AllocationView, ModelCardView } from '../../api/contract/orchestrator.js';
import { ApiError } from '../../api/errors.js';
import { marketsMoney } from '../../exchange/volume-tiers.js';
import { PlanRefused, type AllocationSnapshot } from '../../orchestrator/allocation-book.js';
import { round } from '../../orchestrator/format.js';
import { TrainingRefused } from '../../orchestrator/learn/service.js';
import type { Orchestrator } from '../../orchestrator/orchestrator.js';
import type { AdjustmentRecord, ModelRecord } from '../../orchestrator/records.js';
import { DAILY_LIMIT, TuningRefused } from '../../orchestrator/tuning/manager.js';
import type { StrategyConfigRecord } from '../../runner/config-record.js';
import type { HandlerMap } from './merge.js';

/** `allocation.*`, `orchestrator.*`, `tuning.*`, `edge.stats`, `profiles.list`, `filter.*`: the orchestrator as the API shows it. */
export function orchestratorHandlers(
  orchestrator: Orchestrator,
  configs: { current(name: string): StrategyConfigRecord | null; list(): StrategyConfigRecord[] },
  knowsAccount: (account: string) => boolean,
): HandlerMap {
  // Budgets belong to paper, a configured live account, or one a configuration still trades on (an account removed since).
  const account = (id: string) => {
    if (id === 'paper' || knowsAccount(id) || configs.list().some((record) => record.account === id)) return id;
    const message = `no account "${id}": choose paper or a live account from Settings → Accounts`;
    throw new ApiError('bad_request', message, [{ path: 'account', message }]);
  };
  const require = (name: string) => {
    const record = configs.current(name);
    if (!record) throw new ApiError('not_found', `no strategy configuration "${name}"`, [{ path: 'name', message: `no strategy configuration "${name}"` }]);
    return record;
  };
  const card = (name: string): ModelCardView => {
    const policy = orchestrator.policies.get(name);
    const versions = orchestrator.filter.versions(name).map(modelView);
    const examples: Record<string, number> = { live: 0, paper: 0, shadow: 0, backtest: 0, total: 0 };
    for (const example of orchestrator.filter.examples(name)) {
      examples[example.source] = (examples[example.source] ?? 0) + 1;
      examples.total = (examples.total ?? 0) + 1;
    }
    return { name, weight: policy.filterWeight, minScore: policy.filterMinScore, active: versions.find((v) => v.active) ?? null, versions, failure: orchestrator.filter.failure(name), nextScheduledAt: orchestrator.filter.nextScheduledAt(name), examples };
  };
  return {
    'allocation.get': async (args) => allocationView(orchestrator.allocation.snapshot(account(args.account))),
    'allocation.set': async ({ reservePct, budgets, ...args }) =>
      refusals(() => {
        const id = account(args.account);
        const view = allocationView(orchestrator.allocation.set(id, { reservePct, budgets }));
        orchestrator.budgetsMoved(id);
        return view;
      }),
    'allocation.reset': async (args) => {
      const id = account(args.account);
      const view = allocationView(orchestrator.allocation.reset(id));
      orchestrator.budgetsMoved(id);
      return view;
    },
    'orchestrator.policy': async ({ name }) => ({ name: require(name).name, ...orchestrator.policies.get(name) }),
    'orchestrator.setPolicy': async ({ name, ...change }) => {
      require(name);
      const policy = orchestrator.setPolicy(name, change);
      return { name, ...policy };
    },
    'orchestrator.decisions': async ({ name, verdict, symbol, limit }) =>
      orchestrator.decisions.recent({ limit, ...(name ? { config: name } : {}), ...(verdict ? { verdict } : {}), ...(symbol ? { symbol } : {}) }).map((d) => ({
        id: d.id,
        time: d.time,
        account: d.account,
        config: d.config,
        strategy: d.strategy,
        version: d.version,
        symbol: d.symbol,
        source: d.source,
        verdict: d.verdict,
        reason: d.reason,
        score: d.score,
        threshold: d.threshold,
        modelScore: d.modelScore,
        features: { ...d.features },
        outcomeReturn: d.outcomeReturn,
        closedAt: d.closedAt,
      })),
    'tuning.list': async ({ name }) => {
      require(name);
      return {
        name,
        mode: orchestrator.policies.get(name).tuning,
        dailyLimit: DAILY_LIMIT,
        appliedToday: orchestrator.tuning.appliedToday(name),
        lastEvaluation: orchestrator.tuning.lastEvaluation(name),
        adjustments: orchestrator.tuning.list(name).map(adjustmentView),
      };
    },
    'tuning.evaluate': async ({ name }) => {
      require(name);
      const { evaluation, adjustment } = await tuningCall(() => orchestrator.tuning.evaluate(name), 'name');
      return { why: evaluation.why, adjustment: adjustment ? adjustmentView(adjustment) : null };
    },
    'tuning.accept': async ({ id }) => adjustmentView(await tuningCall(() => orchestrator.tuning.accept(id), 'id')),
    'tuning.decline': async ({ id }) => adjustmentView(await tuningCall(async () => orchestrator.tuning.decline(id), 'id')),
    'tuning.revert': async ({ id }) => adjustmentView(await tuningCall(() => orchestrator.tuning.revert(id), 'id')),
    'edge.stats': async ({ name }) => {
      const record = require(name);
      const budget = orchestrator.allocation.budgetOf(record.account, name);
      const settings = orchestrator.edge.settings;
      const strategy = orchestrator.edge.strategyOf(name);
      return {
        name,
        quote: orchestrator.allocation.snapshot(record.account).quote,
        budget: budget === null ? null : round(budget, 8),
        kellySizing: orchestrator.policies.get(name).kellySizing,
        settings: { ...settings },
        symbols: record.symbols.map((symbol) => {
          const stats = orchestrator.edge.stats(name, symbol);
          return { symbol, ...(strategy === undefined ? {} : { strategy }), ...stats, ...marketsMoney([symbol]), allowance: stats.inUse && budget !== null ? round(stats.sizeFraction * budget, 8) : null };
        }),
      };
    },
    'profiles.list': async ({ symbols }) => {
      const unknown = symbols ? await orchestrator.unknownSymbols(symbols) : [];
      if (unknown.length > 0) {
        const message = `not a market of ${orchestrator.marketLabel()}: ${unknown.join(', ')}`;
        throw new ApiError('bad_request', message, [{ path: 'symbols', message }]);
      }
      return orchestrator.profiles(symbols);
    },
    'filter.card': async ({ name }) => {
      require(name);
      return card(name);
    },
    'filter.retrain': async ({ name }) => {
      require(name);
      try {
        await orchestrator.filter.retrain(name, 'manual');
      } catch (error) {
        if (error instanceof TrainingRefused) throw new ApiError('rejected', error.message);
        throw error;
      }
      return card(name);
    },
  };
}

function allocationView(snapshot: AllocationSnapshot): AllocationView {
  return {
    account: snapshot.account,
    quote: snapshot.quote,
    known: snapshot.known,
    equity: round(snapshot.equity, 8),
    reservePct: snapshot.reservePct,
    reserve: snapshot.reserve,
    deployable: snapshot.deployable,
    seed: snapshot.seed,
    used: snapshot.used,
    budgets: snapshot.budgets.map((line) => ({ ...line, used: { ...line.used } })),
  };
}

function adjustmentView(record: AdjustmentRecord): AdjustmentView {
  return {
    id: record.id,
    config: record.config,
    createdAt: record.createdAt,
    status: record.status,
    mode: record.mode,
    variant: record.variant,
    confidence: record.confidence,
    pValue: record.pValue,
    fromVersion: record.fromVersion,
    toVersion: record.toVersion,
    changes: record.changes.map((change) => ({ ...change })),
    windows: record.evidence.windows.map((window) => ({ ...window })),
    why: record.evidence.why,
    appliedAt: record.appliedAt,
    decidedAt: record.decidedAt,
    decidedBy: record.decidedBy,
    note: record.note,
    keptAs: record.keptAs,
  };
}

function modelView(record: ModelRecord): ModelCardView['versions'][number] {
  return {
    version: record.version,
    createdAt: record.createdAt,
    trigger: record.trigger,
    active: record.active,
    status: record.status,
    features: [...record.features],
    samples: { ...record.samples },
    folds: record.metrics.folds.map((fold) => ({ ...fold })),
    outOfSample: record.metrics.outOfSample ? { ...record.metrics.outOfSample } : null,
  };
}

function refusals<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof PlanRefused) throw new ApiError('bad_request', error.message, [...error.problem.issues]);
    throw error;
  }
}

/** A refusal of the threshold manager; one that finds nothing names the argument that did not match (`id`, `name`). */
async function tuningCall<T>(work: () => Promise<T>, field: 'id' | 'name'): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TuningRefused) throw new ApiError(error.kind, error.message, error.kind === 'not_found' ? [{ path: field, message: error.message }] : undefined);
    throw error;
  }
}
