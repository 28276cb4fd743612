import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { StrategyError } from '../strategy-error.js';

/** Packages a trader's strategy file may import; everything else (fs, network, …) is refused. */
export const STRATEGY_IMPORTS = ['zod', 'trading-signals', 'core-js-pure/stable/math/sum-precise.js'] as const;

const require = createRequire(import.meta.url);

/**
 * Turns `<file>.ts|.js` into one plain script for the sandbox: TypeScript stripped, the file's relative
 * imports and the allowed packages inlined (the app's own copies, so a file anywhere uses the same zod
 * and indicators), any other import refused with a message naming it. The script defines
 * `__halyardBundle` = { module: the file's exports, toJSONSchema } and nothing else; it is only text
 * here — it runs inside the sandbox, never in this process.
 */
export async function bundleStrategyFile(path: string): Promise<string> {
  const file = resolve(path);
  const label = basename(file);
  try {
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
      bundle: true,
      write: false,
      format: 'iife',
      globalName: '__halyardBundle',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      conditions: ['import', 'default'],
      target: 'es2022',
      legalComments: 'none',
      logLevel: 'silent',
      plugins: [importGuard()],
    });
    return output.outputFiles[0]!.text;
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { line: number } | null }[] }).errors;
    const message = errors?.length ? errors.map((e) => (e.location ? `line ${e.location.line}: ${e.text}` : e.text)).join('; ') : String(error);
    throw new StrategyError(label, 'load', message);
  }
}

/**
 * The trader's files resolve as usual; a bare import from them must be an allowed package, which (and
 * whose own imports) resolve and load through Node rather than esbuild's file reader, so the packages
 * are found inside a packaged app's archive too.
 */
function importGuard(): Plugin {
  return {
    name: 'halyard-strategy-imports',
    setup(builder) {
      builder.onResolve({ filter: /.*/, namespace: 'app-package' }, (args) => ({ path: createRequire(args.importer).resolve(args.path), namespace: 'app-package' }));
      builder.onResolve({ filter: /^[^./]/ }, (args) => {
        if ((STRATEGY_IMPORTS as readonly string[]).includes(args.path)) return { path: require.resolve(args.path), namespace: 'app-package' };
        return { errors: [{ text: `"${args.path}" cannot be imported by a strategy; allowed: ${STRATEGY_IMPORTS.join(', ')} and files next to it` }] };
      });
      builder.onLoad({ filter: /.*/, namespace: 'app-package' }, async (args) => ({ contents: await readFile(args.path, 'utf8'), loader: 'js', resolveDir: dirname(args.path) }));
    },
  };
}
