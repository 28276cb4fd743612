import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type EnvironmentOptions } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/electron', import.meta.url));

/**
 * Left to `require` at run time (electron-builder ships them in node_modules): Electron itself,
 * native modules (rebuilt for Electron's ABI, unpacked from the asar), esbuild (a native binary that
 * compiles trader-written .ts strategy files at run time), and ccxt and ws, which
 * have CommonJS builds and optional native add-ons of their own. Everything else is bundled.
 */
export const RUNTIME_EXTERNALS = ['electron', 'better-sqlite3-multiple-ciphers', '@napi-rs/keyring', 'ccxt', 'ws', 'esbuild'];

function isExternal(id: string): boolean {
  if (id.startsWith('node:') || builtinModules.includes(id)) return true;
  return RUNTIME_EXTERNALS.some((name) => id === name || id.startsWith(`${name}/`));
}

/**
 * Main, preload and two workers are built as separate bundles (environments), so the sandboxed
 * preload is one self-contained CommonJS file that requires nothing but `electron`; the strategy
 * sandbox's worker carries QuickJS (WebAssembly embedded in JavaScript) with no native module, and the
 * learned filter trains in the other.
 */
function nodeBundle(entry: string, fileName: string): EnvironmentOptions {
  return {
    consumer: 'server',
    resolve: { noExternal: true, external: RUNTIME_EXTERNALS },
    build: {
      outDir,
      emptyOutDir: false,
      target: 'node20',
      sourcemap: false,
      minify: false,
      ssr: true,
      rollupOptions: {
        input: { [fileName]: fileURLToPath(new URL(entry, import.meta.url)) },
        external: isExternal,
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  };
}

export default defineConfig({
  root,
  logLevel: 'warn',
  builder: {
    // Only our four bundles; the default "client" environment belongs to renderer/vite.config.ts.
    async buildApp(builder) {
      for (const name of ['main', 'preload', 'sandbox', 'trainer']) {
        const environment = builder.environments[name];
        if (!environment) throw new Error(`missing build environment ${name}`);
        await builder.build(environment);
      }
    },
  },
  environments: {
    main: nodeBundle('./main.ts', 'main'),
    preload: nodeBundle('./preload.ts', 'preload'),
    // Trader strategy files run on this worker thread, in QuickJS (core/strategies/sandbox); main finds it next to itself.
    sandbox: nodeBundle('../core/strategies/sandbox/worker.ts', 'strategy-sandbox'),
    // The learned filter trains in a worker thread: its own file next to main.cjs (core/orchestrator/learn/trainer.ts).
    trainer: nodeBundle('../core/orchestrator/learn/trainer-worker.ts', 'trainer-worker'),
  },
});
