import type { OrderRecord } from '../orders/order-record.js';
import { allocationPlanSchema, checkPlan, resolveAllocation, type AllocationPlan, type ConfigRef, type PlanProblem, type ResolvedAllocation } from './allocation.js';
import { capitalUse, type CapitalUse, type HeldPosition } from './capital.js';
import { round } from './format.js';

export interface AllocationBookOptions {
  readonly settings: { getRaw(key: string): unknown; set(key: string, value: unknown): void; delete(key: string): boolean };
  /** The newest version of every configuration. */
  readonly configs: () => readonly ConfigRef[];
  /** The account's equity in its quote currency; null while it is not connected. */
  readonly equity: (account: string) => number | null;
  readonly quote: (account: string) => string;
  readonly positions: (account: string) => readonly HeldPosition[];
  readonly working: (account: string) => readonly OrderRecord[];
  /** The account's mark for a symbol (a working market buy is valued at it). */
  readonly mark: (account: string, symbol: string) => number | null;
  readonly audit: (action: string, detail: Readonly<Record<string, unknown>>) => void;
}

/** A plan the trader asked for that breaks a rule; the message has the numbers. */
export class PlanRefused extends Error {
  override readonly name = 'PlanRefused';
  constructor(readonly problem: PlanProblem) {
    super(problem.message);
  }
}

export interface BudgetLine {
  readonly config: string;
  readonly strategy: string;
  readonly kind: 'percent' | 'amount' | 'seed';
  readonly value: number;
  readonly budget: number;
  readonly percentOfEquity: number;
  readonly used: CapitalUse;
  readonly free: number;
  /** How far what is in use goes beyond the budget (a budget lowered below it): present only then. */
  readonly overBy?: number;
}

export interface AllocationSnapshot extends Omit<ResolvedAllocation, 'budgets'> {
  readonly quote: string;
  readonly known: boolean;
  readonly budgets: readonly BudgetLine[];
  /** Everything strategies commit on the account. */
  readonly used: number;
}

const key = (account: string) => `allocation:${account}`;

/** Each account's capital plan: budgets per configuration and the cash reserve, with what each uses. */
export class AllocationBook {
  constructor(private readonly options: AllocationBookOptions) {}

  /** The trader's plan for the account; null while the seed default applies. */
  plan(account: string): AllocationPlan | null {
    const parsed = allocationPlanSchema.safeParse(this.options.settings.getRaw(key(account)));
    return parsed.success ? parsed.data : null;
  }

  resolved(account: string): ResolvedAllocation {
    return resolveAllocation(account, this.plan(account), this.options.configs(), this.options.equity(account) ?? 0);
  }

  /** The configuration's budget in quote at the current equity; null while the account's equity is unknown. */
  budgetOf(account: string, config: string): number | null {
    if (this.options.equity(account) === null) return null;
    return this.resolved(account).budgets.find((budget) => budget.config === config)?.amount ?? 0;
  }

  /** The budget the configuration would have at `equity` (null when that is unknown). */
  budgetAt(account: string, config: string, equity: number | null): number | null {
    if (equity === null) return null;
    return resolveAllocation(account, this.plan(account), this.options.configs(), equity).budgets.find((budget) => budget.config === config)?.amount ?? 0;
  }

  use(account: string, config: string): CapitalUse {
    return capitalUse(config, this.options.positions(account), this.options.working(account), (symbol) => this.options.mark(account, symbol));
  }

  /** What every configuration of the account commits, together. */
  usedByAll(account: string): number {
    const names = new Set(this.options.configs().map((config) => config.name));
    const positions = this.options.positions(account).filter((position) => names.has(position.owner));
    const working = this.options.working(account);
    return [...names].reduce((sum, name) => sum + capitalUse(name, positions, working, (symbol) => this.options.mark(account, symbol)).total, 0);
  }

  snapshot(account: string): AllocationSnapshot {
    const equity = this.options.equity(account);
    const resolved = resolveAllocation(account, this.plan(account), this.options.configs(), equity ?? 0);
    const budgets = resolved.budgets.map((budget) => {
      const used = this.use(account, budget.config);
      // A share of an equity not known yet reads 0: that is no budget lowered below what is in use.
      const over = equity !== null || budget.kind === 'amount' ? round(used.total - budget.amount, 8) : 0;
      return { config: budget.config, strategy: budget.strategy, kind: budget.kind, value: budget.value, budget: budget.amount, percentOfEquity: budget.percentOfEquity, used, free: round(Math.max(0, budget.amount - used.total), 8), ...(over > 0 ? { overBy: over } : {}) };
    });
    return { ...resolved, quote: this.options.quote(account), known: equity !== null, budgets, used: round(budgets.reduce((sum, line) => sum + line.used.total, 0), 8) };
  }

  /** Saves the trader's plan, refused with the numbers when it breaks a rule. */
  set(account: string, plan: AllocationPlan): AllocationSnapshot {
    const problem = checkPlan(account, plan, this.options.configs(), this.options.equity(account), this.options.quote(account));
    if (problem) throw new PlanRefused(problem);
    this.options.settings.set(key(account), plan);
    this.options.audit('allocation_saved', { account, reservePct: plan.reservePct, budgets: plan.budgets.map((b) => ({ ...b })) });
    return this.snapshot(account);
  }

  /** Back to the seed default. */
  reset(account: string): AllocationSnapshot {
    if (this.options.settings.delete(key(account))) this.options.audit('allocation_reset', { account });
    return this.snapshot(account);
  }
}
