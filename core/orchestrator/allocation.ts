import { z } from 'zod';
import { decimalsShowing, formatMoney, formatPct, round } from './format.js';

/** Families of the seed system's portfolio: its default plan gives each a share of deployable capital. */
export type StrategyFamily = 'DCA' | 'Swing' | 'Channel';

/** The seed's default: 20 % of equity stays in cash; the rest is split DCA 40 %, Swing 30 %, Channel 30 %. */
export const SEED_RESERVE_PCT = 20;
export const SEED_FAMILY_SHARES: Readonly<Record<StrategyFamily, number>> = { DCA: 40, Swing: 30, Channel: 30 };

/** `dca-grid` is the DCA family, `channel` the Channel family; every other strategy (breakout, trend, crossovers, the trader's files) trades swings. */
export function familyOf(strategy: string): StrategyFamily {
  if (strategy === 'dca-grid') return 'DCA';
  if (strategy === 'channel') return 'Channel';
  return 'Swing';
}

export const budgetSpecSchema = z
  .object({
    config: z.string().trim().min(1).max(40),
    /** `percent` of the account's equity, or a fixed `amount` in the account's quote currency. */
    kind: z.enum(['percent', 'amount']),
    value: z.number().finite().min(0),
  })
  .strict();
export type BudgetSpec = z.infer<typeof budgetSpecSchema>;

/** A trader's plan for one account (absent: the seed default). */
export const allocationPlanSchema = z
  .object({
    reservePct: z.number().finite().min(0).max(100),
    budgets: z.array(budgetSpecSchema).max(200),
  })
  .strict();
export type AllocationPlan = z.infer<typeof allocationPlanSchema>;

/** A configuration as allocation sees it. */
export interface ConfigRef {
  readonly name: string;
  readonly strategy: string;
  readonly account: string;
}

export interface ResolvedBudget {
  readonly config: string;
  readonly strategy: string;
  /** `seed`: the default plan's share of its family; else as the trader set it. */
  readonly kind: 'percent' | 'amount' | 'seed';
  /** As set: percent of equity, or an amount; for `seed`, the percent of equity it comes to. */
  readonly value: number;
  /** The budget in quote currency at the current equity. */
  readonly amount: number;
  readonly percentOfEquity: number;
}

export interface ResolvedAllocation {
  readonly account: string;
  readonly equity: number;
  readonly reservePct: number;
  readonly reserve: number;
  /** Equity less the reserve: what strategies together may ever commit. */
  readonly deployable: number;
  /** True while the account runs on the seed's default plan. */
  readonly seed: boolean;
  readonly budgets: readonly ResolvedBudget[];
}

/**
 * The budgets of an account's configurations at the current equity. With no plan of the trader's,
 * the seed default applies: each family's share of deployable capital, split evenly between the
 * account's configurations of that family (families with none leave their share in cash). With a
 * plan, a configuration the plan does not name has no budget.
 */
export function resolveAllocation(account: string, plan: AllocationPlan | null, configs: readonly ConfigRef[], equity: number): ResolvedAllocation {
  const mine = configs.filter((config) => config.account === account);
  const reservePct = plan?.reservePct ?? SEED_RESERVE_PCT;
  const deployablePct = 100 - reservePct;
  const budgets: ResolvedBudget[] = [];
  if (plan === null) {
    const counts = new Map<StrategyFamily, number>();
    for (const config of mine) counts.set(familyOf(config.strategy), (counts.get(familyOf(config.strategy)) ?? 0) + 1);
    for (const config of mine) {
      const family = familyOf(config.strategy);
      const pct = (deployablePct * SEED_FAMILY_SHARES[family]) / 100 / counts.get(family)!;
      budgets.push({ config: config.name, strategy: config.strategy, kind: 'seed', value: round(pct), amount: round((equity * pct) / 100), percentOfEquity: round(pct) });
    }
  } else {
    for (const config of mine) {
      const spec = plan.budgets.find((b) => b.config === config.name);
      const amount = spec === undefined ? 0 : spec.kind === 'percent' ? (equity * spec.value) / 100 : spec.value;
      const percentOfEquity = equity > 0 ? (amount / equity) * 100 : spec?.kind === 'percent' ? spec.value : 0;
      budgets.push({ config: config.name, strategy: config.strategy, kind: spec?.kind ?? 'amount', value: spec?.value ?? 0, amount: round(amount), percentOfEquity: round(percentOfEquity) });
    }
  }
  return { account, equity, reservePct, reserve: round((equity * reservePct) / 100), deployable: round((equity * deployablePct) / 100), seed: plan === null, budgets };
}

export interface PlanProblem {
  readonly message: string;
  readonly issues: readonly { readonly path: string; readonly message: string }[];
}

/**
 * A plan the trader wants to save for `account`: every budget names a configuration of that account
 * once, and together they stay within equity less the reserve. Refusals carry the numbers.
 */
export function checkPlan(account: string, plan: AllocationPlan, configs: readonly ConfigRef[], equity: number | null, quote: string): PlanProblem | null {
  const names = new Set(configs.filter((config) => config.account === account).map((config) => config.name));
  const issues: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  plan.budgets.forEach((budget, i) => {
    if (!names.has(budget.config)) issues.push({ path: `budgets.${i}.config`, message: `${budget.config} is not a configuration on ${account}` });
    else if (seen.has(budget.config)) issues.push({ path: `budgets.${i}.config`, message: `${budget.config} is listed twice` });
    seen.add(budget.config);
    if (budget.kind === 'percent' && budget.value > 100) issues.push({ path: `budgets.${i}.value`, message: `the budget of ${budget.config} is at most 100 % of equity` });
    if (budget.kind === 'amount' && !(equity !== null && equity > 0)) issues.push({ path: `budgets.${i}.value`, message: `the equity of ${account} is not known yet: give budgets in % until it is connected` });
  });
  if (issues.length > 0) return { message: issues.map((issue) => issue.message).join('; '), issues };
  const allowed = 100 - plan.reservePct;
  const parts = plan.budgets.map((budget) => ({ budget, pct: budget.kind === 'percent' ? budget.value : (budget.value / equity!) * 100 }));
  const total = parts.reduce((sum, part) => sum + part.pct, 0);
  if (total <= allowed + 1e-9) return null;
  // As many decimals as it takes for the sum to read above what is allowed (80.0001 %, not 80 % against 80 %).
  const digits = decimalsShowing(total - allowed);
  const listed = parts.map(({ budget, pct }) => (budget.kind === 'percent' ? `${budget.config} ${formatPct(pct, digits)}` : `${budget.config} ${formatMoney(budget.value, quote)} (${formatPct(pct, digits)})`)).join(', ');
  const atEquity = equity !== null && parts.some((part) => part.budget.kind === 'amount') ? ` at equity ${formatMoney(equity, quote)}` : '';
  const message = `budgets add up to ${formatPct(total, digits)} of equity (${listed})${atEquity}, but with a ${formatPct(plan.reservePct, digits)} cash reserve at most ${formatPct(allowed, digits)} may be allocated: lower them by ${formatPct(total - allowed, digits)}`;
  return { message, issues: [{ path: 'budgets', message }] };
}
