import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const README = join(dirname(fileURLToPath(import.meta.url)), '../../README.md');
const FIRST_LINE = '// <data-dir>/strategies/my-sma-cross.ts';

/** The README's "Writing a strategy" example, exactly as printed (the fenced block that starts with its path). */
export function readmeStrategyExample(): string {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf(`\`\`\`ts\n${FIRST_LINE}\n`);
  if (start < 0) throw new Error(`README.md has no \`\`\`ts block starting with "${FIRST_LINE}"`);
  const body = text.slice(start + '```ts\n'.length);
  return body.slice(0, body.indexOf('\n```\n') + 1);
}

/** A fresh data dir whose `strategies/my-sma-cross.ts` is the README example; returns the dir and the file. */
export function dataDirWithReadmeExample(): { dataDir: string; file: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'halyard-readme-'));
  mkdirSync(join(dataDir, 'strategies'));
  const file = join(dataDir, 'strategies', 'my-sma-cross.ts');
  writeFileSync(file, readmeStrategyExample());
  return { dataDir, file };
}
