import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BundlesModule {
  ensureBundle(name: string): Promise<string>;
}

/**
 * The sweep worker's script: the bundle scripts/bundles.mjs keeps fresh in dist/bundles/ (built after
 * `npm install`, by `npm run build`, or here on first use). Found from this module's own location,
 * whether it runs from source, from a CLI bundle or from the Electron build.
 */
export async function sweepWorkerFile(): Promise<string> {
  const script = join(projectRoot(), 'scripts', 'bundles.mjs');
  if (!existsSync(script)) throw new Error(`sweeps need the worker bundle builder ${script}, which this installation lacks`);
  const bundles = (await import(pathToFileURL(script).href)) as BundlesModule;
  // A sweep of a trader's file opens it in a sandbox thread from inside the worker: its bundle sits next to the worker's.
  await bundles.ensureBundle('strategy-sandbox');
  return bundles.ensureBundle('sweep-worker');
}

function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'core'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no Halyard project folder above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
