// The command-line tools and the sweep worker as bundled JavaScript, so they start without compiling
// TypeScript at every launch. Built by `npm run build` and after `npm install`, and by `ensureBundle`
// on first use; rebuilt when any file that went into a bundle has changed since (or esbuild has).
// Bundles live in dist/bundles/ (inside the repo, so the bundle resolves node_modules as the sources do).
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_DIR = join(root, 'dist', 'bundles');

/** Each bundle's entry point. */
export const BUNDLES = {
  backtest: 'core/host/cli/backtest.ts',
  // What `backtest` runs once the flags ask for a run: a script, so V8 can keep a code cache of it.
  'backtest-command': 'core/host/cli/backtest-command.ts',
  data: 'core/host/cli/data.ts',
  'sweep-worker': 'core/backtest/sweep/worker.ts',
  // The strategy sandbox's thread (trader files run there in QuickJS); core/strategies/sandbox/client.ts finds it next to the bundle that starts it.
  'strategy-sandbox': 'core/strategies/sandbox/worker.ts',
};

/**
 * Bundles built as CommonJS scripts rather than ES modules: Node 20 compiles an ES module from scratch at
 * every start, while a script runs from V8's code cache (core/host/cli/cached-script.ts writes it next to
 * the bundle on its first run), which spares the backtester's compile at each launch. A script cannot
 * `import()` (Node 20 allows that in a vm script only behind a flag): esbuild turns each into a `require`
 * (esbuild's own package, loaded for a trader's strategy file, is CommonJS), and the sweep — which imports
 * the worker bundle builder, an ES module — is left out of the script: sweeps run from the ES module bundle.
 * Their `import.meta.url` reads the `__bundleUrl` the loader passes in.
 */
const SCRIPTS = new Set(['backtest-command']);

/** Keeps the sweep out of a script bundle; the script fails loudly should it ever reach for it. */
const sweepLeftOut = {
  name: 'sweep-left-out',
  setup(build) {
    build.onResolve({ filter: /\/backtest-sweep\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

/** A tool and the bundles it runs: `ensureBundle('backtest')` keeps its script fresh too. */
const COMPANIONS = { backtest: ['backtest-command'] };

/**
 * Left to `import` at run time: native add-ons, esbuild (a native binary; loaded only when a trader's
 * strategy file is compiled), and ccxt, whose import takes seconds and which the backtester loads only
 * for a borderline rounding (core/exchange/paper-precision.ts; a script bundle carries that one module:
 * `ccxtNumberInScript`).
 */
const EXTERNAL = ['better-sqlite3-multiple-ciphers', '@napi-rs/keyring', 'esbuild', 'ccxt', 'ws'];

/**
 * zod's `z` namespace carries every message locale (about 350 kB, a third of a CLI's start-up); Halyard
 * speaks English, so the locales module is replaced by the English one alone.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (args.importer.includes(`${join('node_modules', 'zod')}`) ? { path: 'zod-locales', namespace: 'zod-english' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'zod-english' }, () => ({ contents: "export { default as en } from 'zod/v4/locales/en.js';", resolveDir: root }));
  },
};

/**
 * ccxt's number module (the backtester's rounding of borderline values, core/exchange/ccxt-number.ts) inside
 * a script bundle, still evaluated on first call but from V8's code cache instead of resolved, read and
 * compiled at run time. The same ccxt file the source loads; should a ccxt release move it, the source's
 * own loading stays.
 */
const ccxtNumberInScript = {
  name: 'ccxt-number-in-script',
  setup(build) {
    build.onLoad({ filter: /[\\/]core[\\/]exchange[\\/]ccxt-number\.ts$/ }, () => {
      const file = join(dirname(createRequire(join(root, 'package.json')).resolve('ccxt')), 'cjs', 'src', 'base', 'functions', 'number.js');
      if (statSync(file, { throwIfNoEntry: false }) === undefined) return undefined;
      return { contents: `export const loadCcxtNumber = () => require(${JSON.stringify(file)});`, loader: 'js', resolveDir: root };
    });
  },
};

const outFile = (name) => join(BUNDLE_DIR, `${name}${SCRIPTS.has(name) ? '.cjs' : '.mjs'}`);
const manifestFile = (name) => join(BUNDLE_DIR, `${name}.json`);

let installedEsbuild;
function esbuildVersion() {
  return (installedEsbuild ??= createRequire(import.meta.url)('esbuild/package.json').version);
}

/**
 * A manifest's path (relative to the repo, in this platform's separators) as an absolute one. Plain
 * concatenation: every launch checks a few hundred inputs, and path.join's normalising is the bulk of that.
 */
const inRoot = (file) => `${root}${sep}${file}`;

/**
 * True when the bundle exists and nothing it was built from changed since (size and mtime of every input).
 * `stats` holds the inputs already looked at by this launch (bundles share most of their ~460 inputs):
 * pass one map to the checks of one launch, never keep it longer (a file may change afterwards).
 */
export function isFresh(name, stats = new Map()) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile(name), 'utf8'));
    statSync(outFile(name));
  } catch {
    return false;
  }
  if (manifest.esbuild !== esbuildVersion()) return false;
  // The entry's chunks (code it loads only when needed) must all still be there.
  for (const chunk of manifest.chunks ?? []) {
    if (statSync(inRoot(chunk), { throwIfNoEntry: false }) === undefined) return false;
  }
  for (const [file, stamp] of Object.entries(manifest.inputs)) {
    let stat = stats.get(file);
    if (stat === undefined) stats.set(file, (stat = statSync(inRoot(file), { throwIfNoEntry: false }) ?? null));
    if (stat === null || stat.size !== stamp.size || stat.mtimeMs !== stamp.mtimeMs) return false;
  }
  return true;
}

/** The chunks the bundle's last build wrote (none when it was never built). */
function previousChunks(name) {
  try {
    return JSON.parse(readFileSync(manifestFile(name), 'utf8')).chunks ?? [];
  } catch {
    return [];
  }
}

/** Builds one bundle (minified ESM for Node 20) and records what went into it. */
export async function buildBundle(name) {
  const entry = BUNDLES[name];
  if (entry === undefined) throw new Error(`no bundle named "${name}"; known: ${Object.keys(BUNDLES).join(', ')}`);
  const { build } = await import('esbuild');
  await mkdir(BUNDLE_DIR, { recursive: true });
  const format = SCRIPTS.has(name)
    ? { outExtension: { '.js': '.cjs' }, format: 'cjs', define: { 'import.meta.url': '__bundleUrl' }, supported: { 'dynamic-import': false } }
    : {
        outExtension: { '.js': '.mjs' },
        format: 'esm',
        // What an entry imports with import() goes into chunks of its own, read only when needed: the
        // backtest CLI answers --help or a flag error without compiling the backtester.
        splitting: true,
        chunkNames: '[name]-[hash]',
        // Bundled CommonJS dependencies may call require(): give the ESM bundle one.
        banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
      };
  const result = await build({
    absWorkingDir: root,
    entryPoints: { [name]: entry },
    outdir: BUNDLE_DIR,
    ...format,
    bundle: true,
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    external: EXTERNAL,
    plugins: SCRIPTS.has(name) ? [zodEnglishOnly, sweepLeftOut, ccxtNumberInScript] : [zodEnglishOnly],
    metafile: true,
    logLevel: 'error',
  });
  // A code cache of the previous build must not meet this one (V8 would only compare the lengths).
  for (const file of readdirSync(BUNDLE_DIR)) if (file.startsWith(`${name}.cjs.`) && file.endsWith('.cache')) rmSync(join(BUNDLE_DIR, file), { force: true });
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.includes(':')) continue; // virtual modules (the English-only zod locales)
    const stat = statSync(join(root, input));
    inputs[relative(root, join(root, input))] = { size: stat.size, mtimeMs: stat.mtimeMs };
  }
  const chunks = Object.keys(result.metafile.outputs).filter((output) => output !== relative(root, outFile(name)));
  // The previous build's chunks carry other hashes: remove those this build no longer uses.
  for (const stale of previousChunks(name)) if (!chunks.includes(stale)) rmSync(join(root, stale), { force: true });
  writeFileSync(manifestFile(name), JSON.stringify({ esbuild: esbuildVersion(), entry, inputs, chunks }));
  return outFile(name);
}

/** The bundle's path, built first if it is missing or stale (`stats`: as isFresh's, for the checks of one launch). */
export async function ensureBundle(name, stats = new Map()) {
  if (BUNDLES[name] === undefined) throw new Error(`no bundle named "${name}"; known: ${Object.keys(BUNDLES).join(', ')}`);
  for (const companion of COMPANIONS[name] ?? []) await ensureBundle(companion, stats);
  return isFresh(name, stats) ? outFile(name) : buildBundle(name);
}

/** `node scripts/bundles.mjs [name…]`: builds the named bundles (all by default). */
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const names = process.argv.slice(2);
  for (const name of names.length > 0 ? names : Object.keys(BUNDLES)) {
    await buildBundle(name);
    process.stdout.write(`built ${relative(root, outFile(name))}\n`);
  }
}
