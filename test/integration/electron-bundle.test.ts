import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import Module from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME_EXTERNALS } from '../../electron/vite.config.js';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, 'dist', 'electron');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function requiredModules(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...new Set([...source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]!))];
}

const isBuiltin = (id: string) => id.startsWith('node:') || builtinModules.includes(id);

describe('the Electron bundles (npm run build:electron)', () => {
  beforeAll(() => {
    const build = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'electron/vite.config.ts', '--logLevel', 'error'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);
  }, 120_000);

  it('the sandboxed preload is one file that requires nothing but electron', () => {
    expect(requiredModules(join(outDir, 'preload.cjs'))).toEqual(['electron']);
  });

  it('main requires only Node built-ins, electron and the declared run-time externals', () => {
    const foreign = requiredModules(join(outDir, 'main.cjs')).filter((id) => !isBuiltin(id) && id !== 'electron' && !RUNTIME_EXTERNALS.some((name) => id === name || id.startsWith(`${name}/`)));
    expect(foreign).toEqual([]);
  });

  it('the strategy sandbox worker is one file of its own (QuickJS inside, nothing native) and answers like the dev one', async () => {
    const file = join(outDir, 'strategy-sandbox.cjs');
    expect(requiredModules(file).filter((id) => !isBuiltin(id))).toEqual([]);
    const worker = new Worker(file);
    try {
      const messages: unknown[] = [];
      worker.on('message', (message) => messages.push(message));
      await expect.poll(() => messages, { timeout: 20_000 }).toContainEqual({ ready: true });
      worker.postMessage({ kind: 'load', id: 1, libraries: '', bundle: 'var __halyardBundle = { module: { default: { apiVersion: typeof process } } };', budgetMs: 2_000 });
      await expect.poll(() => messages, { timeout: 20_000 }).toContainEqual({ id: 1, ok: true, text: expect.stringContaining('"apiVersion":"undefined"') });
    } finally {
      await worker.terminate();
    }
  });

  it('every external ships with the app, and electron itself is a dev dependency (electron-builder requires it)', () => {
    for (const name of RUNTIME_EXTERNALS.filter((n) => n !== 'electron')) expect(packageJson.dependencies, name).toHaveProperty(name);
    expect(packageJson.devDependencies).toHaveProperty('electron');
    expect(packageJson.dependencies).not.toHaveProperty('electron');
  });

  it('main.cjs loads and hardens the process before Electron is ready', () => {
    const calls: string[] = [];
    const fakeElectron = {
      protocol: { registerSchemesAsPrivileged: (schemes: { scheme: string }[]) => calls.push(`scheme ${schemes.map((s) => s.scheme).join()}`) },
      // The second-instance path: quits before reading any path or opening the database.
      app: { enableSandbox: () => calls.push('enableSandbox'), requestSingleInstanceLock: () => (calls.push('lock'), false), quit: () => calls.push('quit') },
    };
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const original = loader._load;
    loader._load = (request, ...rest) => (request === 'electron' ? fakeElectron : original(request, ...rest));
    try {
      const mainPath = join(outDir, 'main.cjs');
      const load = createRequire(mainPath);
      delete load.cache[mainPath];
      load(mainPath);
    } finally {
      loader._load = original;
    }
    expect(calls).toEqual(['scheme halyard', 'enableSandbox', 'lock', 'quit']);
  });
});
