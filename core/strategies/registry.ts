import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import type { Timeframe } from '../market/candle.js';
import { breakoutStrategy } from './breakout.js';
import { channelStrategy } from './channel.js';
import { STRATEGY_API_VERSION, type RunnableStrategy, type StrategyDefinition } from './contract.js';
import { dcaGridStrategy } from './dca-grid.js';
import { emaTrendStrategy } from './ema-trend.js';
import { fibonacciStrategy } from './fibonacci.js';
import { loadStrategyFile, rememberDescription, rememberedDescription, type LoadedStrategyFile } from './loader.js';
import { describedDefinition } from './sandbox/sandboxed-strategy.js';
import { smaCrossStrategy } from './sma-cross.js';
import { InvalidParams, StrategyError } from './strategy-error.js';

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
  /** False for a file not read yet: its definition is a stand-in until the trader picks it (`describe`). */
  readonly described: boolean;
}

export interface StrategyListing {
  readonly name: string;
  readonly description: string;
  readonly builtin: boolean;
  readonly file: string | null;
  readonly described: boolean;
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

/** A strategy ready to run: `prepare` checks the parameter sets and gives the definition the engine runs. */
export interface OpenedStrategy {
  readonly entry: RegisteredStrategy;
  prepare(paramSets: readonly unknown[]): Promise<RunnableStrategy>;
  close(): void;
}

/** `<data-dir>/strategies`, where a trader's own strategy files live. */
export function userStrategiesDir(dataDir: string): string {
  return join(dataDir, 'strategies');
}

/** `.ts`, `.js` or `.mjs`: an ES module each way (TypeScript's types stripped), bundled and run alike in the sandbox. */
const FILE_NAME = /^([a-z0-9][a-z0-9-]{1,39})\.(ts|js|mjs)$/;

/**
 * Built-ins by name plus the trader's strategy files, listed by file name (`my-grid.ts` is
 * `my-grid`) without running them. A file's code runs only in its sandbox and only when the trader
 * acts: `describe` when it is picked in a form, `open` when a configuration using it is enabled or a
 * backtest runs it. A file that cannot be listed or loaded is reported with its error and never
 * replaces or hides a built-in.
 */
export class StrategyRegistry {
  private constructor(
    private readonly entries: Map<string, RegisteredStrategy>,
    private readonly loadFailures: StrategyLoadFailure[],
    /** The folder files were listed from (null: built-ins only), named when a name is not found. */
    private readonly folder: string | null = null,
  ) {}

  static builtins(): StrategyRegistry {
    return new StrategyRegistry(new Map(BUILTIN_STRATEGIES.map((definition) => [definition.name, { definition, builtin: true, file: null, described: true }])), []);
  }

  /** Built-ins plus every `*.ts` / `*.js` / `*.mjs` file (not `*.d.ts`) in `<dataDir>/strategies` (missing folder = none), by name. */
  static async load(dataDir: string | null): Promise<StrategyRegistry> {
    if (dataDir === null) return StrategyRegistry.builtins();
    const dir = userStrategiesDir(dataDir);
    const registry = new StrategyRegistry(StrategyRegistry.builtins().entries, [], dir);
    const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    for (const fileName of names.filter((n) => /\.(ts|js|mjs)$/.test(n) && !n.endsWith('.d.ts')).sort()) {
      const file = join(dir, fileName);
      const match = FILE_NAME.exec(fileName);
      const clash = match ? registry.entries.get(match[1]!) : undefined;
      if (!match) registry.loadFailures.push({ file, error: `${fileName}: a strategy file is named after its strategy: 2–40 lowercase letters, digits or dashes, then .ts, .js or .mjs` });
      else if (clash) registry.loadFailures.push({ file, error: `${fileName}: the name "${match[1]}" is already taken by ${clash.builtin ? 'a built-in' : clash.file}` });
      else {
        const remembered = await rememberedDescription(file);
        registry.entries.set(match[1]!, { definition: remembered ? describedDefinition(remembered) : standIn(match[1]!), builtin: false, file, described: remembered !== null });
      }
    }
    return registry;
  }

  /** Every loaded strategy with its definition (built-ins first, then the trader's files). */
  registered(): RegisteredStrategy[] {
    return [...this.entries.values()];
  }

  get(name: string): RegisteredStrategy | undefined {
    return this.entries.get(name);
  }

  /** Reads a listed file in its sandbox (the trader picked it): its real description and parameter form. */
  async describe(name: string): Promise<RegisteredStrategy> {
    const entry = this.known(name);
    if (entry.builtin || entry.file === null) return entry;
    const loaded = await this.loadFile(entry.file, name, false);
    loaded.close();
    return this.entries.get(name)!;
  }

  /** A listed strategy, ready to run (a file: loaded into a fresh sandbox of its own). */
  async open(name: string, options: { readonly views: boolean }): Promise<OpenedStrategy> {
    const entry = this.known(name);
    if (entry.builtin || entry.file === null) return { entry, prepare: async () => entry.definition, close: () => undefined };
    const loaded = await this.loadFile(entry.file, name, options.views);
    return { entry: this.entries.get(name)!, prepare: (paramSets) => loaded.prepare(paramSets), close: () => loaded.close() };
  }

  /** A listed strategy with its parameter sets checked: what an engine runs (closed with the engine, or on failure). */
  async runnable(name: string, paramSets: readonly unknown[], options: { readonly views: boolean }): Promise<RunnableStrategy> {
    const opened = await this.open(name, options);
    try {
      return await opened.prepare(paramSets);
    } catch (error) {
      opened.close();
      throw error;
    }
  }

  /** A file named on the backtest command line (the trader's own act), run in the same sandbox. */
  static async openPath(path: string): Promise<OpenedStrategy> {
    const file = resolve(path);
    // A mistyped path in the trader's words, not Node's ("ENOENT: no such file or directory, realpath …").
    const found = await stat(file).catch(() => null);
    if (found === null || !found.isFile()) throw new StrategyError(basename(file), 'load', `no strategy file at ${file}`);
    const loaded = await loadStrategyFile(file, { expectedName: null, views: false });
    const entry: RegisteredStrategy = { definition: loaded.described, builtin: false, file, described: true };
    return { entry, prepare: (paramSets) => loaded.prepare(paramSets), close: () => loaded.close() };
  }

  list(): StrategyListing[] {
    return [...this.entries.values()].map((entry) => listing(entry));
  }

  failures(): readonly StrategyLoadFailure[] {
    return this.loadFailures;
  }

  private known(name: string): RegisteredStrategy {
    const entry = this.entries.get(name);
    if (entry) return entry;
    const failed = this.loadFailures.find((failure) => /[/\\]([^/\\]+)\.(ts|js|mjs)$/.exec(failure.file)?.[1] === name);
    if (failed) throw new StrategyError(name, 'load', failed.error);
    const where = this.folder === null ? '' : ` among the built-ins and the files in ${this.folder}`;
    throw new StrategyError(name, 'load', `no strategy named "${name}"${where}; available: ${[...this.entries.keys()].join(', ')}`);
  }

  private async loadFile(file: string, name: string, views: boolean): Promise<LoadedStrategyFile> {
    const loaded = await loadStrategyFile(file, { expectedName: name, views });
    await rememberDescription(file, loaded.description);
    this.entries.set(name, { definition: loaded.described, builtin: false, file, described: true });
    return loaded;
  }
}

/** One entry as the UI and the API list it. */
export function listing({ definition, builtin, file, described }: RegisteredStrategy): StrategyListing {
  return {
    name: definition.name,
    description: definition.description,
    builtin,
    file,
    described,
    timeframes: [...definition.timeframes],
    warmupBars: definition.warmupBars,
    paramsSchema: jsonSchemaOf(definition.params),
    defaults: defaultsOf(definition.params),
  };
}

/** What a listed file is until it is read: its name, and parameters taken as they come (its sandbox checks them). */
function standIn(name: string): StrategyDefinition {
  return {
    apiVersion: STRATEGY_API_VERSION,
    name,
    description: 'Your strategy file (not read yet: pick it to see its description and parameters).',
    params: z.record(z.string(), z.unknown()),
    timeframes: ['1m'],
    warmupBars: 0,
    create: () => {
      throw new StrategyError(name, 'create', 'a strategy file runs only in its sandbox');
    },
  };
}

/** Validates parameters with the strategy's schema; the error lists every bad field. */
export function parseStrategyParams<P>(definition: Pick<StrategyDefinition<P>, 'name' | 'params'>, raw: unknown): P {
  const parsed = definition.params.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  throw new InvalidParams(
    definition.name,
    parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
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
