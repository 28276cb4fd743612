import { readFile, realpath } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';
import { StrategyError } from '../strategy-error.js';

/** Packages a trader's strategy file may import; everything else (fs, network, …) is refused. */
export const STRATEGY_IMPORTS = ['zod', 'trading-signals', 'core-js-pure/stable/math/sum-precise.js'] as const;

const require = createRequire(import.meta.url);

/** Where the libraries live inside the sandbox: evaluated once per sandbox, before the trader's file. */
const LIBRARIES_GLOBAL = '__halyardLibraries';

let libraries: Promise<string> | null = null;

/**
 * The allowed packages as one script (the app's own copies, so a file anywhere uses the same zod and
 * indicators), built once per process. It is the app's code: the sandbox evaluates it with a budget
 * of its own, so the trader's budget for evaluating a file counts only the file.
 */
export function bundleLibraries(): Promise<string> {
  // esbuild is loaded when a file is, not at start: a backtest of a built-in never needs it.
  libraries ??= import('esbuild').then(({ build }) => build({
    stdin: {
      contents: STRATEGY_IMPORTS.map((name, i) => `import * as m${i} from ${JSON.stringify(name)};`).join('\n') + `\nexport default { ${STRATEGY_IMPORTS.map((name, i) => `${JSON.stringify(name)}: m${i}`).join(', ')} };`,
      resolveDir: dirname(require.resolve('zod/package.json')),
      sourcefile: 'halyard-sandbox-libraries.js',
      loader: 'js',
    },
    ...COMMON,
    globalName: LIBRARIES_GLOBAL,
    plugins: [packagesThroughNode()],
  })).then((output) => output.outputFiles[0]!.text);
  return libraries;
}

/**
 * Turns `<file>.ts|.js` into one plain script for the sandbox: TypeScript stripped, the file's relative
 * imports inlined, the allowed packages taken from the libraries script, any other import refused with
 * a message naming it. The script defines `__halyardBundle` = { module: the file's exports,
 * toJSONSchema } and nothing else; it is only text here — it runs inside the sandbox, never in this process.
 */
export async function bundleStrategyFile(path: string): Promise<string> {
  const file = resolve(path);
  const label = basename(file);
  try {
    const { build } = await import('esbuild');
    const output = await build({
      stdin: {
        contents: [
          `import * as module from ${JSON.stringify(file)};`,
          `import { z } from 'zod';`,
          `export { module };`,
          `export const toJSONSchema = (schema) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });`,
        ].join('\n'),
        resolveDir: dirname(file),
        sourcefile: `${label}.sandbox-entry.js`,
        loader: 'js',
      },
      ...COMMON,
      // A map back to the trader's lines (inline: it travels with the script), sources relative to the file's folder.
      sourcemap: 'inline',
      sourcesContent: false,
      outfile: join(dirname(file), 'strategy.js'),
      globalName: '__halyardBundle',
      plugins: [importGuard(dirname(await realpath(file)))],
    });
    return output.outputFiles[0]!.text;
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { line: number } | null }[] }).errors;
    const message = errors?.length ? errors.map((e) => (e.location ? `line ${e.location.line}: ${e.text}` : e.text)).join('; ') : String(error);
    throw new StrategyError(label, 'load', message);
  }
}

const COMMON = {
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  conditions: ['import', 'default'],
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'silent',
} satisfies BuildOptions;

/**
 * A bare import from the trader's files must be an allowed package, which comes from the libraries script;
 * any other import a file next to it (its folder or below, links followed): never a file elsewhere on disk.
 */
function importGuard(folder: string): Plugin {
  return {
    name: 'halyard-strategy-imports',
    setup(builder) {
      builder.onLoad({ filter: /.*/, namespace: 'file' }, async (args) => {
        const real = await realpath(args.path);
        const inside = relative(folder, real);
        if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) return undefined;
        return { errors: [{ text: `"${args.path}" is outside the strategy's folder ${folder}: a strategy imports only files next to it` }] };
      });
      builder.onResolve({ filter: /^[^./]/ }, (args) => {
        if ((STRATEGY_IMPORTS as readonly string[]).includes(args.path)) return { path: args.path, namespace: 'sandbox-library' };
        return { errors: [{ text: `"${args.path}" cannot be imported by a strategy; allowed: ${STRATEGY_IMPORTS.join(', ')} and files next to it` }] };
      });
      builder.onLoad({ filter: /.*/, namespace: 'sandbox-library' }, (args) => ({
        // The package's ES namespace, flagged as one, so default and named imports mean what they mean in Node.
        contents: `module.exports = Object.assign({ __esModule: true }, globalThis.${LIBRARIES_GLOBAL}.default[${JSON.stringify(args.path)}]);`,
        loader: 'js',
      }));
    },
  };
}

/** Packages resolve and load through Node rather than esbuild's file reader, so they are found inside a packaged app's archive too. */
function packagesThroughNode(): Plugin {
  return {
    name: 'halyard-sandbox-packages',
    setup(builder) {
      builder.onResolve({ filter: /.*/ }, (args) => {
        if (args.importer === '' || args.namespace !== 'app-package') {
          if (!(STRATEGY_IMPORTS as readonly string[]).includes(args.path)) return { errors: [{ text: `unexpected import ${args.path}` }] };
          return { path: require.resolve(args.path), namespace: 'app-package' };
        }
        return { path: createRequire(args.importer).resolve(args.path), namespace: 'app-package' };
      });
      builder.onLoad({ filter: /.*/, namespace: 'app-package' }, async (args) => ({ contents: await readFile(args.path, 'utf8'), loader: 'js', resolveDir: dirname(args.path) }));
    },
  };
}
