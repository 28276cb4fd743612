import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { z } from 'zod';

const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

const configSchema = z.object({ justified: z.array(z.object({ check: z.string(), file: z.string(), why: z.string().min(20) })) });

const sarifSchema = z.object({
  runs: z.array(z.object({ results: z.array(z.object({ ruleId: z.string(), locations: z.array(z.object({ physicalLocation: z.object({ artifactLocation: z.object({ uri: z.string() }) }) })) })) })),
});

/** Reads Electronegativity's SARIF report (its CSV writer races its own header, so a busy machine can garble it); global checks carry no file. */
function findings(sarif: string): { check: string; file: string }[] {
  return sarifSchema.parse(JSON.parse(sarif)).runs.flatMap((r) => r.results).map((r) => {
    const uri = r.locations[0]?.physicalLocation.artifactLocation.uri ?? 'file:///';
    return { check: r.ruleId, file: uri === 'file:///' ? 'N/A' : uri };
  });
}

it('Electronegativity finds nothing of MEDIUM or above in electron/ that is not justified in electron/electronegativity.json', async () => {
  const electron = (JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
  const out = join(mkdtempSync(join(tmpdir(), 'halyard-eneg-')), 'report.sarif');
  // Offline: it only tries (and fails) to fetch translations and release notes, then checks the sources.
  await run(process.execPath, [join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js'), '-i', join(root, 'electron'), '-s', 'medium', '-r', '-v', 'false', '-e', electron, '-o', out], { cwd: root, timeout: 120_000 });
  // -s medium keeps only findings of MEDIUM severity or above.
  const found = findings(readFileSync(out, 'utf8'));
  const { justified } = configSchema.parse(JSON.parse(readFileSync(join(root, 'electron', 'electronegativity.json'), 'utf8')));
  const key = (f: { check: string; file: string }) => `${f.check} in ${f.file}`;
  expect(found.map(key).filter((k) => !justified.some((j) => key(j) === k))).toEqual([]);
  expect(justified.map(key).filter((k) => !found.some((f) => key(f) === k))).toEqual([]);
}, 180_000);
