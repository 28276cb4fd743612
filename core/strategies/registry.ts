import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Timeframe } from '../market/candle.js';
import { breakoutStrategy } from './breakout.js';
import { channelStrategy } from './channel.js';
import type { StrategyDefinition } from './contract.js';
import { dcaGridStrategy } from './dca-grid.js';
import { emaTrendStrategy } from './ema-trend.js';
import { fibonacciStrategy } from './fibonacci.js';
import { loadStrategyFile } from './loader.js';
import { smaCrossStrategy } from './sma-cross.js';
import { StrategyError } from './strategy-error.js';

/** The strategies that ship with Halyard, by CLI/API name. */
export const BUILTIN_STRATEGIES: readonly StrategyDefinition[] = [
  smaCrossStrategy,
  dcaGridStrategy,
  breakoutStrategy,
  channelStrategy,
  fibonacciStrategy,
  emaTrendStrategy,
] as readonly StrategyDefinition[];

export interface RegisteredStrategy {
  readonly definition: StrategyDefinition;
  readonly builtin: boolean;
  /** The trader's file, for strategies loaded from disk. */
  readonly file: string | null;
}

export interface StrategyListing {
  readonly name: string;
  readonly description: string;
  readonly builtin: boolean;
  readonly file: string | null;
  readonly timeframes: readonly Timeframe[];
  readonly warmupBars: number;
  /** JSON Schema of the parameters (input side: defaults make fields optional), for the UI's form. */
  readonly paramsSchema: unknown;
  readonly defaults: unknown;
}

export interface StrategyLoadFailure {
  readonly file: string;
  readonly error: string;
}

/** `<data-dir>/strategies`, where a trader's own strategy files live. */
export function userStrategiesDir(dataDir: string): string {
  return join(dataDir, 'strategies');
}

/**
 * Built-ins by name plus the trader's strategy files. A file that fails to load is listed as a
 * failure with its error and never replaces or hides a built-in.
 */
export class StrategyRegistry {
  private constructor(
    private readonly entries: ReadonlyMap<string, RegisteredStrategy>,
    private readonly loadFailures: readonly StrategyLoadFailure[],
  ) {}

  static builtins(): StrategyRegistry {
    return new StrategyRegistry(new Map(BUILTIN_STRATEGIES.map((definition) => [definition.name, { definition, builtin: true, file: null }])), []);
  }

  /** Built-ins plus every `*.ts` / `*.js` file in `<dataDir>/strategies` (missing folder = none). */
  static async load(dataDir: string | null): Promise<StrategyRegistry> {
    const entries = new Map(StrategyRegistry.builtins().entries);
    const failures: StrategyLoadFailure[] = [];
    if (dataDir !== null) {
      const dir = userStrategiesDir(dataDir);
      const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [] as string[];
        throw error;
      });
      for (const name of names.filter((n) => /\.(ts|js|mjs)$/.test(n) && !n.endsWith('.d.ts')).sort()) {
        const file = join(dir, name);
        try {
          const definition = await loadStrategyFile(file);
          const clash = entries.get(definition.name);
          if (clash) throw new StrategyError(name, 'validate', `the name "${definition.name}" is already taken by ${clash.builtin ? 'a built-in' : clash.file}`);
          entries.set(definition.name, { definition, builtin: false, file });
        } catch (error) {
          failures.push({ file, error: error instanceof Error ? error.message : String(error) });
        }
      }
    }
    return new StrategyRegistry(entries, failures);
  }

  /** Every loaded strategy with its definition (built-ins first, then the trader's files). */
  registered(): RegisteredStrategy[] {
    return [...this.entries.values()];
  }

  get(name: string): RegisteredStrategy | undefined {
    return this.entries.get(name);
  }

  /** A registered name, or a path to a strategy file (anything with a slash or a .ts/.js ending). */
  async resolve(nameOrPath: string): Promise<RegisteredStrategy> {
    const known = this.entries.get(nameOrPath);
    if (known) return known;
    if (/[\\/]/.test(nameOrPath) || /\.(ts|js|mjs)$/.test(nameOrPath)) {
      return { definition: await loadStrategyFile(nameOrPath), builtin: false, file: nameOrPath };
    }
    const failed = this.loadFailures.find((failure) => failure.file.endsWith(`${nameOrPath}.ts`) || failure.file.endsWith(`${nameOrPath}.js`));
    if (failed) throw new StrategyError(nameOrPath, 'load', failed.error);
    throw new StrategyError(nameOrPath, 'load', `no strategy named "${nameOrPath}"; available: ${[...this.entries.keys()].join(', ')}`);
  }

  list(): StrategyListing[] {
    return [...this.entries.values()].map(({ definition, builtin, file }) => ({
      name: definition.name,
      description: definition.description,
      builtin,
      file,
      timeframes: [...definition.timeframes],
      warmupBars: definition.warmupBars,
      paramsSchema: jsonSchemaOf(definition.params),
      defaults: defaultsOf(definition.params),
    }));
  }

  failures(): readonly StrategyLoadFailure[] {
    return this.loadFailures;
  }
}

/** Validates parameters with the strategy's schema; the error lists every bad field. */
export function parseStrategyParams<P>(definition: StrategyDefinition<P>, raw: unknown): P {
  const parsed = definition.params.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ');
  throw new StrategyError(definition.name, 'validate', `invalid parameters — ${issues}`);
}

function jsonSchemaOf(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  } catch (error) {
    return { description: `parameters cannot be described as JSON Schema: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function defaultsOf(schema: z.ZodType): unknown {
  const parsed = schema.safeParse({});
  return parsed.success ? parsed.data : null;
}
