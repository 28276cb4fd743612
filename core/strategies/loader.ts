import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { z } from 'zod';
import { timeframeSchema } from '../market/candle.js';
import { STRATEGY_API_VERSION, type StrategyDefinition } from './contract.js';
import { StrategyError } from './strategy-error.js';

/** Packages a trader's strategy file may import; everything else (fs, network, …) is refused. */
export const STRATEGY_IMPORTS = ['zod', 'trading-signals', 'core-js-pure/stable/math/sum-precise.js'] as const;

const definitionSchema = z.object({
  apiVersion: z.literal(STRATEGY_API_VERSION, { message: `apiVersion must be ${STRATEGY_API_VERSION}` }),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'name must be 2–40 lowercase letters, digits or dashes'),
  description: z.string().min(1).max(500),
  params: z.custom<z.ZodType>((value) => typeof (value as { safeParse?: unknown } | null)?.safeParse === 'function', 'params must be a zod schema'),
  timeframes: z.array(timeframeSchema).min(1),
  warmupBars: z.number().int().min(0).max(100_000),
  requirements: z.custom<(params: unknown) => unknown>((value) => value === undefined || typeof value === 'function').optional(),
  create: z.custom<(params: unknown, symbol: string) => unknown>((value) => typeof value === 'function', 'create must be a function'),
});

/**
 * Loads `<data-dir>/strategies/<file>.ts|.js`: bundled with esbuild (TypeScript is stripped, relative
 * imports are inlined, only STRATEGY_IMPORTS may be imported), imported, and its exported definition
 * validated against the contract. Any failure — syntax, a forbidden import, a throw at load time, a
 * wrong shape — is a StrategyError naming the file.
 */
export async function loadStrategyFile(path: string): Promise<StrategyDefinition> {
  const file = resolve(path);
  const label = basename(file);
  let code: string;
  try {
    // esbuild is loaded when a file is, not when the registry is: a backtest of a built-in never needs it.
    const { build } = await import('esbuild');
    const output = await build({
      entryPoints: [file],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
      plugins: [importGuard()],
    });
    code = output.outputFiles[0]!.text;
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { line: number } | null }[] }).errors;
    const message = errors?.length ? errors.map((e) => (e.location ? `line ${e.location.line}: ${e.text}` : e.text)).join('; ') : String(error);
    throw new StrategyError(label, 'load', message);
  }
  const dir = await mkdtemp(join(tmpdir(), 'halyard-strategy-'));
  let exported: Record<string, unknown>;
  try {
    const bundled = join(dir, `${label.replace(/\.[^.]+$/, '')}.mjs`);
    await writeFile(bundled, code);
    exported = (await import(pathToFileURL(bundled).href)) as Record<string, unknown>;
  } catch (error) {
    throw StrategyError.wrap(label, 'load', error);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const candidate = exported.default ?? exported.strategy ?? Object.values(exported).find((value) => (value as { apiVersion?: unknown } | null)?.apiVersion !== undefined);
  const parsed = definitionSchema.safeParse(candidate);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'export'}: ${issue.message}`).join('; ');
    throw new StrategyError(label, 'validate', `the file must export a strategy definition (export default { apiVersion, name, … }): ${issues}`);
  }
  return guarded(candidate as StrategyDefinition);
}

/** The definition with its own code fenced: a throw in create/requirements becomes a StrategyError. */
function guarded(definition: StrategyDefinition): StrategyDefinition {
  const name = definition.name;
  const requirements = definition.requirements;
  return {
    apiVersion: definition.apiVersion,
    name,
    description: definition.description,
    params: definition.params,
    timeframes: [...definition.timeframes],
    warmupBars: definition.warmupBars,
    ...(requirements
      ? {
          requirements: (params: unknown) => {
            try {
              const result = requirements.call(definition, params);
              return { timeframes: z.array(timeframeSchema).min(1).parse(result.timeframes), warmupBars: z.number().int().min(0).parse(result.warmupBars) };
            } catch (error) {
              throw StrategyError.wrap(name, 'validate', error);
            }
          },
        }
      : {}),
    create: (params, symbol) => {
      try {
        const instance = definition.create(params, symbol);
        if (typeof instance?.onCandle !== 'function' || typeof instance.readiness !== 'function') {
          throw new Error('create() must return an object with onCandle() and readiness()');
        }
        return instance;
      } catch (error) {
        throw StrategyError.wrap(name, 'create', error, symbol);
      }
    },
  };
}

function importGuard(): Plugin {
  return {
    name: 'halyard-strategy-imports',
    setup(builder) {
      builder.onResolve({ filter: /^[^./]/ }, (args) => {
        if ((STRATEGY_IMPORTS as readonly string[]).includes(args.path)) return { path: resolvePackage(args.path), external: true };
        return { errors: [{ text: `"${args.path}" cannot be imported by a strategy; allowed: ${STRATEGY_IMPORTS.join(', ')} and files next to it` }] };
      });
    },
  };
}

/** The app's own copy of an allowed package, so a file anywhere on disk uses the same zod and indicators. */
function resolvePackage(name: string): string {
  const resolveUrl = (import.meta as { resolve?: (specifier: string) => string }).resolve;
  if (typeof resolveUrl === 'function') return resolveUrl(name);
  return pathToFileURL(createRequire(import.meta.url).resolve(name)).href;
}
