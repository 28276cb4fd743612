import { z } from 'zod';
import type { StrategyDefinition } from '../../strategies/contract.js';
import { unknownParamIssues } from '../../strategies/known-params.js';

/**
 * What a parameter sweep tries: for each swept parameter a range `[from, to, step]` (both ends
 * included) or a list `{ "values": [...] }`; every combination (a grid) or N of them drawn at random.
 * Everything is checked before anything runs, and every error names the parameter and the value.
 */
export const sweepRangeSchema = z.union([z.tuple([z.number(), z.number(), z.number()]), z.object({ values: z.array(z.union([z.number(), z.string(), z.boolean()])).min(1).max(10_000) }).strict()]);
export const sweepSpecSchema = z.record(z.string(), sweepRangeSchema);
export type SweepRange = z.infer<typeof sweepRangeSchema>;
export type SweepSpec = z.infer<typeof sweepSpecSchema>;

/** A grid larger than this must be sampled (`random`): a sweep should finish in minutes, not days. */
export const MAX_COMBINATIONS = 100_000;

/** A sweep that cannot start; `field` names the parameter (or the option) at fault. */
export class SweepSpecError extends Error {
  override readonly name = 'SweepSpecError';
  constructor(
    readonly field: string,
    /** What is wrong, without the field's name. */
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

export interface SweepPlan {
  /** The swept parameters, in the order given. */
  readonly names: readonly string[];
  /** Each combination: full parameters (the base with the swept values), validated by the strategy's schema. */
  readonly variants: readonly { readonly id: string; readonly values: Readonly<Record<string, unknown>>; readonly params: unknown }[];
  /** Combinations the strategy's own rules refuse (e.g. sma-cross: fast must be shorter than slow). */
  readonly skipped: number;
  readonly skipReason: string | null;
  /** All combinations of the grid (before skipping and sampling). */
  readonly gridSize: number;
}

export interface PlanOptions {
  /** Draw this many distinct combinations at random instead of trying all. */
  readonly random?: number;
  /** Seed of the random draw (the same seed draws the same combinations). */
  readonly seed?: number;
}

/**
 * Why a seed without a random sample is refused, in the words of the CLI and the API alike; `name` spells an
 * option as the caller's interface does (`--seed` on the command line, `seed` in the API).
 */
export function seedWithoutRandom(name: (option: 'seed' | 'random') => string): string {
  return `${name('seed')} picks the draws of a random sample: add ${name('random')} N (every combination runs without it)`;
}

/**
 * Expands a sweep for a strategy: every swept name must be one of its parameters, every value must
 * pass that parameter's own schema, and combinations the strategy refuses as a whole are skipped
 * (counted, with the strategy's reason). `base` holds the parameters that are not swept.
 */
export function planSweep(definition: StrategyDefinition, spec: unknown, base: Readonly<Record<string, unknown>>, options: PlanOptions = {}): SweepPlan {
  const parsed = sweepSpecSchema.safeParse(spec);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.path.length > 0 ? String(issue.path[0]) : 'sweep';
    throw new SweepSpecError(name, `give a range [from, to, step] or a list {"values": [...]} (${issue.message})`);
  }
  const names = Object.keys(parsed.data);
  if (names.length === 0) throw new SweepSpecError('sweep', 'name at least one parameter to sweep, e.g. {"fast":[5,50,5]}');
  const fields = fieldSchemas(definition);
  const axes = names.map((name) => {
    const field = fields?.[name];
    const [unknown] = unknownParamIssues(definition, [name]);
    if (unknown) throw new SweepSpecError(name, unknown.message);
    const values = expand(name, parsed.data[name]!);
    for (const value of values) {
      const checked = field?.safeParse(value);
      if (checked && !checked.success) throw new SweepSpecError(name, `${JSON.stringify(value)} is not a valid value (${checked.error.issues[0]?.message ?? 'refused'})`);
    }
    return values;
  });
  const gridSize = axes.reduce((product, values) => product * values.length, 1);
  if (options.random !== undefined && (!Number.isInteger(options.random) || options.random < 1 || options.random > MAX_COMBINATIONS)) {
    throw new SweepSpecError('random', `must be a whole number from 1 to ${MAX_COMBINATIONS}, got ${options.random}`);
  }
  if (options.random === undefined && gridSize > MAX_COMBINATIONS) {
    throw new SweepSpecError('sweep', `the grid has ${gridSize.toLocaleString('en-US')} combinations, more than ${MAX_COMBINATIONS.toLocaleString('en-US')}: narrow the ranges or draw some at random (random N)`);
  }
  const planned: { index: number; variant: SweepPlan['variants'][number] }[] = [];
  let skipped = 0;
  let skipReason: string | null = null;
  /** Checks one combination against the strategy's rules: true when it is a variant to run. */
  const consider = (index: number): boolean => {
    const values = combination(names, axes, index);
    const result = definition.params.safeParse({ ...base, ...values });
    if (!result.success) {
      skipped++;
      skipReason ??= result.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ');
      return false;
    }
    planned.push({ index, variant: { id: variantId(names, values), values, params: result.data } });
    return true;
  };
  let tried: number;
  if (options.random === undefined || options.random >= gridSize) {
    for (let index = 0; index < gridSize; index++) consider(index);
    tried = gridSize;
  } else {
    // N random variants means N the strategy accepts: a refused draw (fast not below slow) is replaced by another.
    tried = drawValid(gridSize, options.random, options.seed ?? 1, consider);
  }
  if (planned.length === 0) {
    throw new SweepSpecError('sweep', `none of the ${tried} combinations is valid for ${definition.name}: ${skipReason ?? 'every one was refused'}`);
  }
  const variants = planned.sort((a, b) => a.index - b.index).map((entry) => entry.variant);
  return { names, variants, skipped, skipReason, gridSize };
}

/** `fast=10 slow=50`: a variant's name from its swept values. */
export function variantId(names: readonly string[], values: Readonly<Record<string, unknown>>): string {
  return names.map((name) => `${name}=${String(values[name])}`).join(' ');
}

/** The values of one range, both ends included, written without float noise (0.1 steps give 0.3, not 0.30000000000000004). */
function expand(name: string, range: SweepRange): unknown[] {
  if (!Array.isArray(range)) {
    // The same value twice would run one variant twice, under one name, as two rows.
    const seen = new Set<unknown>();
    for (const value of range.values) {
      if (seen.has(value)) throw new SweepSpecError(name, `${JSON.stringify(value)} is listed twice`);
      seen.add(value);
    }
    return range.values;
  }
  const [from, to, step] = range;
  if (!Number.isFinite(from) || !Number.isFinite(to) || !Number.isFinite(step)) throw new SweepSpecError(name, 'from, to and step must be finite numbers');
  if (!(step > 0)) throw new SweepSpecError(name, `step must be positive, got ${step}`);
  if (from > to) throw new SweepSpecError(name, `from ${from} is above to ${to}`);
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > MAX_COMBINATIONS) throw new SweepSpecError(name, `[${from}, ${to}, ${step}] has ${count.toLocaleString('en-US')} values: use a larger step`);
  const decimals = Math.max(decimalPlaces(from), decimalPlaces(step));
  return Array.from({ length: count }, (_, k) => Number((from + k * step).toFixed(decimals)));
}

function decimalPlaces(value: number): number {
  const text = String(value);
  const exponent = text.match(/e-(\d+)$/);
  if (exponent) return Number(exponent[1]) + (text.split('e')[0]!.split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}

/** Each parameter's own schema when the strategy's parameters are a zod object; null otherwise. */
function fieldSchemas(definition: StrategyDefinition): Record<string, z.ZodType> | null {
  const shape = (definition.params as { shape?: unknown }).shape;
  return shape !== null && typeof shape === 'object' ? (shape as Record<string, z.ZodType>) : null;
}

/** The `index`-th combination of the grid, the last parameter varying fastest. */
function combination(names: readonly string[], axes: readonly (readonly unknown[])[], index: number): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  let rest = index;
  for (let i = names.length - 1; i >= 0; i--) {
    const axis = axes[i]!;
    values[names[i]!] = axis[rest % axis.length];
    rest = Math.floor(rest / axis.length);
  }
  return Object.fromEntries(names.map((name) => [name, values[name]]));
}

/** Draws beyond this many per variant asked for end the search: a grid the strategy mostly refuses still stops. */
const DRAWS_PER_VARIANT = 20;

/**
 * Draws distinct indexes below `n` with a seeded generator, in the generator's order, handing each to
 * `accept` until `count` are accepted, every index was drawn, or the draws run out; returns how many
 * were drawn. With nothing refused, the indexes are the first `count` distinct draws (as before refusals
 * were replaced), so a seed keeps drawing the same variants.
 */
function drawValid(n: number, count: number, seed: number, accept: (index: number) => boolean): number {
  let state = (seed >>> 0) || 1;
  const next = () => {
    // xorshift32: the same seed draws the same combinations on every machine.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
  const drawn = new Set<number>();
  const limit = Math.min(n, count * DRAWS_PER_VARIANT);
  let accepted = 0;
  while (accepted < count && drawn.size < limit) {
    const index = Math.floor(next() * n);
    if (drawn.has(index)) continue;
    drawn.add(index);
    if (accept(index)) accepted++;
  }
  return drawn.size;
}
