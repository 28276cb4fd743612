import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The reference-data folder; the suite fails loudly (never skips) when it is missing. */
export function refdataDir(): string {
  const dir = process.env.REFDATA_DIR;
  if (!dir) throw new Error('REFDATA_DIR is not set: run `REFDATA_DIR=../shared/data npm run test:refdata`');
  const resolved = resolve(dir);
  if (!existsSync(join(resolved, 'README.md'))) throw new Error(`REFDATA_DIR=${dir} does not look like the shared data folder (no README.md)`);
  return resolved;
}

export function refdataFile(...parts: string[]): string {
  const path = join(refdataDir(), ...parts);
  if (!existsSync(path)) throw new Error(`reference file missing: ${path}`);
  return path;
}
