import { basename } from 'node:path';
import { z } from 'zod';
import { timeframeSchema } from '../../market/candle.js';
import { lazySchema } from '../../market/lazy-schema.js';
import { STRATEGY_API_VERSION, type DeferredStrategyInstance, type StrategyDefinition, type StrategyRequirements } from '../contract.js';
import { InvalidParams, StrategyError } from '../strategy-error.js';
import { bundleLibraries, bundleStrategyFile } from './bundle.js';
import { SandboxClient } from './client.js';
import { SANDBOX_LIMITS } from './limits.js';
import { parseJson, SandboxedInstance, stableKey } from './sandboxed-instance.js';
import { SandboxCallError } from './protocol.js';

/** What a file says about itself (answered by the glue's `load`), checked against the contract here. */
const descriptionSchema = lazySchema(() =>
  z.object({
    apiVersion: z.literal(STRATEGY_API_VERSION, { message: `apiVersion must be ${STRATEGY_API_VERSION}` }),
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'name must be 2–40 lowercase letters, digits or dashes'),
    description: z.string().min(1).max(500),
    timeframes: z.array(timeframeSchema).min(1),
    warmupBars: z.number().int().min(0).max(100_000),
    hasParams: z.literal(true, { message: 'params must be a zod schema' }),
    hasRequirements: z.boolean(),
    hasCreate: z.literal(true, { message: 'create must be a function' }),
    paramsSchema: z.unknown(),
    defaults: z.unknown(),
  }),
);
export type StrategyDescription = z.infer<ReturnType<typeof descriptionSchema>>;

const requirementsSchema = lazySchema(() => z.object({ timeframes: z.array(timeframeSchema).min(1), warmupBars: z.number().int().min(0).max(100_000) }));
const validationSchema = lazySchema(() =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), params: z.unknown() }),
    z.object({ ok: z.literal(false), issues: z.array(z.object({ path: z.string(), message: z.string() })) }),
  ]),
);

export interface LoadedStrategyFile {
  readonly description: StrategyDescription;
  /** The contract's members as the file declared them, parameters as a zod mirror (never runs the file). */
  readonly described: StrategyDefinition;
  /**
   * Checks each parameter set the run will use with the file's own schema (and its `requirements`),
   * then returns the definition that runs in this sandbox: its instances answer asynchronously.
   */
  prepare(paramSets: readonly unknown[]): Promise<StrategyDefinition<unknown, DeferredStrategyInstance>>;
  /** Stops the sandbox thread (it also stops by itself once every instance it created is disposed). */
  close(): void;
}

export interface OpenOptions {
  /** The name the file must declare (its file name without extension); null = any valid name. */
  readonly expectedName: string | null;
  /** Keep readiness and chart levels current with each decision (live configurations). */
  readonly views: boolean;
}

/**
 * Loads a trader's file into a fresh sandbox (its own thread and QuickJS runtime): bundles it,
 * evaluates it there and checks what it declares. Any failure is a StrategyError naming the file;
 * the sandbox is closed then.
 */
export async function openSandboxedStrategy(file: string, options: OpenOptions): Promise<LoadedStrategyFile> {
  const label = basename(file);
  const [libraries, bundle] = await Promise.all([bundleLibraries(), bundleStrategyFile(file)]);
  const client = new SandboxClient(label);
  try {
    const description = parseDescription(label, await client.load(libraries, bundle, SANDBOX_LIMITS.loadMs).catch((error: unknown) => rethrow(label, 'load', error)));
    if (options.expectedName !== null && description.name !== options.expectedName) {
      throw new StrategyError(label, 'validate', `the file declares the name "${description.name}"; a file's name must be its strategy's name (${description.name}.ts)`);
    }
    const described = describedDefinition(description);
    return {
      description,
      described,
      prepare: async (paramSets) => {
        const requirements = new Map<string, StrategyRequirements>();
        const fallback: StrategyRequirements = { timeframes: description.timeframes, warmupBars: description.warmupBars };
        try {
          for (const raw of paramSets) {
            const params = await validateIn(client, description.name, raw);
            const needs = description.hasRequirements ? await requirementsIn(client, description.name, params) : fallback;
            const mirrored = described.params.safeParse(raw ?? {});
            for (const key of [raw ?? {}, params, mirrored.success ? mirrored.data : params].map(stableKey)) requirements.set(key, needs);
          }
        } catch (error) {
          client.close();
          throw error;
        }
        return sandboxedDefinition(client, description, requirements, options.views);
      },
      close: () => client.close(),
    };
  } catch (error) {
    client.close();
    throw error;
  }
}

/** What the registry lists for a file once it was described: the contract's members, parameters as a zod mirror. */
export function describedDefinition(description: StrategyDescription): StrategyDefinition {
  return {
    apiVersion: STRATEGY_API_VERSION,
    name: description.name,
    description: description.description,
    params: mirrorSchema(description.paramsSchema),
    timeframes: description.timeframes,
    warmupBars: description.warmupBars,
    create: () => {
      throw new StrategyError(description.name, 'create', 'a strategy file runs only in its sandbox');
    },
  };
}

/**
 * The file's parameter schema rebuilt from its JSON Schema (types, bounds, enums, defaults), so the
 * host checks fields without running the file's code; the file's own schema (refinements included)
 * has the last word inside the sandbox.
 */
function mirrorSchema(jsonSchema: unknown): z.ZodType {
  try {
    return z.fromJSONSchema(jsonSchema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    return z.record(z.string(), z.unknown());
  }
}

function sandboxedDefinition(
  client: SandboxClient,
  description: StrategyDescription,
  prepared: ReadonlyMap<string, StrategyRequirements>,
  views: boolean,
): StrategyDefinition<unknown, DeferredStrategyInstance> {
  const name = description.name;
  let nextId = 1;
  let live = 0;
  const requirementsOf = (params: unknown): StrategyRequirements => {
    const found = prepared.get(stableKey(params));
    if (found === undefined) throw new StrategyError(name, 'validate', 'these parameters were not checked by the sandbox before the run');
    return found;
  };
  return {
    ...describedDefinition(description),
    requirements: requirementsOf,
    create: (params, symbol) => {
      const needs = requirementsOf(params);
      live += 1;
      return new SandboxedInstance({
        client,
        strategy: name,
        id: nextId++,
        params,
        symbol,
        timeframes: needs.timeframes,
        windowBars: Math.max(1, needs.warmupBars),
        views,
        released: () => {
          live -= 1;
          if (live === 0) client.close('the run ended');
        },
      });
    },
  };
}

function parseDescription(label: string, text: string): StrategyDescription {
  const parsed = descriptionSchema().safeParse(parseJson(text));
  if (parsed.success) return parsed.data;
  // Named as the trader wrote them: the glue's hasParams / hasCreate / hasRequirements are the file's params / create / requirements.
  const member = (path: string) => path.replace(/^has([A-Z])/, (_, first: string) => first.toLowerCase());
  const issues = parsed.error.issues.map((issue) => `${member(issue.path.join('.')) || 'export'}: ${issue.message}`).join('; ');
  throw new StrategyError(label, 'validate', `the file must export a strategy definition (export default { apiVersion, name, … }): ${issues}`);
}

async function validateIn(client: SandboxClient, name: string, raw: unknown): Promise<unknown> {
  const answer = await client.call('validate', [JSON.stringify(raw ?? {})], SANDBOX_LIMITS.validateMs).catch((error: unknown) => rethrow(name, 'validate', error));
  const parsed = validationSchema().safeParse(parseJson(answer));
  if (!parsed.success) throw new StrategyError(name, 'validate', 'the parameter check answered nonsense');
  if (!parsed.data.ok) throw new InvalidParams(name, parsed.data.issues);
  return parsed.data.params;
}

async function requirementsIn(client: SandboxClient, name: string, params: unknown): Promise<StrategyRequirements> {
  const answer = await client.call('requirements', [JSON.stringify(params)], SANDBOX_LIMITS.validateMs).catch((error: unknown) => rethrow(name, 'validate', error));
  const parsed = requirementsSchema().safeParse(parseJson(answer));
  if (!parsed.success) throw new StrategyError(name, 'validate', `requirements(params) must return { timeframes, warmupBars }: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

function rethrow(name: string, phase: StrategyError['phase'], error: unknown): never {
  throw new StrategyError(name, phase, error instanceof Error ? error.message : String(error), null, { fatal: error instanceof SandboxCallError && error.fatal });
}
