import { mkdir, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { BacktestSetupError } from './setup.js';

/** `<data-dir>/imports`: the one folder the API reads candle files from (shown in Settings). */
export function importsDir(dataDir: string): string {
  return join(dataDir, 'imports');
}

/**
 * A file named through the API (backtest data, a benchmark series), as a real path inside the
 * imports folder: a relative name is taken inside it; anything that is — or, after symlinks, leads —
 * elsewhere is refused with a message naming the folder, before anything outside it is read.
 * `field` is the request's argument that named it (shown beside it).
 */
export async function resolveImportPath(dataDir: string | null, path: string, field = 'source.path'): Promise<string> {
  if (dataDir === null) throw new BacktestSetupError('candle files need a data directory (its imports folder); this core runs without one', field);
  const folder = importsDir(dataDir);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const root = await realpath(folder);
  const refused = () => new BacktestSetupError(`candle files are read only from the imports folder ${root}: put the file there and name it (e.g. "BTCUSDT-1m.csv")`, field);
  const lexical = resolve(root, path);
  if (!isInside(root, lexical) && !isInside(resolve(folder), resolve(folder, path))) throw refused();
  const candidate = isAbsolute(path) ? path : join(root, path);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    throw new BacktestSetupError(`no file "${relative(root, lexical)}" in the imports folder ${root}`, field);
  }
  if (!isInside(root, real)) throw refused();
  return real;
}

function isInside(root: string, path: string): boolean {
  return path.startsWith(root + sep);
}
