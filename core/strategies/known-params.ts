import type { StrategyDefinition } from './contract.js';
import { InvalidParams, type ParamIssue } from './strategy-error.js';

type Named = Pick<StrategyDefinition, 'name' | 'params'>;

/** The strategy's parameter names; null when its schema is not an object's (a file's own shape: names cannot be checked). */
export function paramNames(definition: Named): string[] | null {
  const shape = (definition.params as { shape?: unknown }).shape;
  return shape !== null && typeof shape === 'object' ? Object.keys(shape) : null;
}

/**
 * One issue per name the strategy has no parameter for, worded the same wherever parameters come in
 * (command line, API, sweeps, variants): `fats: not a parameter of sma-cross (its parameters: fast, slow, …)`.
 */
export function unknownParamIssues(definition: Named, names: readonly string[]): ParamIssue[] {
  const known = paramNames(definition);
  if (known === null) return [];
  return names.filter((name) => !known.includes(name)).map((path) => ({ path, message: `not a parameter of ${definition.name} (its parameters: ${known.join(', ')})` }));
}

/** Refuses parameters typed by a trader that name no parameter of the strategy: a typo would otherwise run the default, silently. */
export function refuseUnknownParams(definition: Named, raw: unknown): void {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return;
  const issues = unknownParamIssues(definition, Object.keys(raw));
  if (issues.length > 0) throw new InvalidParams(definition.name, issues);
}
