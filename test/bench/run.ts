/**
 * `npm run bench`: every benchmark prints its figures and the ratio to a baseline measured in the
 * same run on the same machine. No pass/fail thresholds live in tests; goals are printed beside results.
 */
import { readdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);

async function main(): Promise<void> {
  const files = (await readdir(here)).filter((name) => name.endsWith('.bench.ts')).sort();
  for (const file of files) {
    const name = file.replace(/\.bench\.ts$/, '');
    if (only.length > 0 && !only.includes(name)) continue;
    process.stdout.write(`\n=== ${name} ===\n`);
    const module = (await import(pathToFileURL(`${here}/${file}`).href)) as { run?: () => Promise<void> };
    if (typeof module.run !== 'function') throw new Error(`${file} does not export run()`);
    await module.run();
  }
}

void main();
