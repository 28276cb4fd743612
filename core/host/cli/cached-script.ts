import { readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

export interface CachedScript {
  /** The script's `module.exports`. */
  readonly exports: Record<string, unknown>;
  /**
   * Writes V8's code cache for the next run when this run found none (or a stale one). Called after
   * the work, so the cache also holds the functions the work compiled, not only the top level.
   */
  saveCache(): void;
}

/**
 * Runs a CommonJS bundle (scripts/bundles.mjs builds the command-line tools' commands so) from V8's
 * code cache: an ES module is compiled from scratch at every start in Node 20, a script need not be.
 * The cache is keyed by the bundle's size and mtime: V8 itself checks only the source's length.
 * `import.meta.url` in the bundle reads `__bundleUrl`, its own file URL. V8 refuses a cache made under
 * other V8 flags or by another V8 (the run then compiles, and writes one that fits): a caller that sets
 * V8 flags names the set as `flavour`, and each flavour keeps a cache of its own.
 */
export function runCachedScript(file: string, flavour: string): CachedScript {
  const stat = statSync(file);
  const cacheFile = `${file}.${flavour}.${stat.size}-${Math.trunc(stat.mtimeMs)}.cache`;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = readFileSync(file, 'utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __bundleUrl) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as Record<string, unknown> };
  const wrapper: unknown = script.runInThisContext();
  if (typeof wrapper !== 'function') throw new Error(`${file} did not compile to a function`);
  (wrapper as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file), pathToFileURL(file).href);
  const fresh = cachedData === undefined || script.cachedDataRejected === true;
  return {
    exports: module.exports,
    saveCache() {
      if (fresh) writeCache(`${basename(file)}.${flavour}.`, cacheFile, script.createCachedData());
    },
  };
}

/** Replaces the variant's older caches (names starting with `prefix`) with this one; a read-only install just runs without. */
function writeCache(prefix: string, cacheFile: string, data: Buffer): void {
  try {
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, data);
    renameSync(partial, cacheFile); // whole or not at all, even with two runs at once
    const dir = dirname(cacheFile);
    for (const name of readdirSync(dir)) {
      if (name.startsWith(prefix) && name.endsWith('.cache') && name !== basename(cacheFile)) rmSync(join(dir, name), { force: true });
    }
  } catch {
    // No cache this time: the next run compiles again.
  }
}
