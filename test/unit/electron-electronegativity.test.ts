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

/** Parses Electronegativity's CSV report (quoted cells may hold commas and line breaks): issue, severity, confidence, filename, … */
function findings(csv: string): { check: string; severity: string; file: string }[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const char = csv[i]!;
    if (quoted) {
      if (char === '"' && csv[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows.slice(1).filter((r) => r.length >= 4).map(([check, severity, , file]) => ({ check: check!.trim(), severity: severity!.trim(), file: file!.trim() }));
}

it('Electronegativity finds nothing of MEDIUM or above in electron/ that is not justified in electron/electronegativity.json', async () => {
  const electron = (JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
  const out = join(mkdtempSync(join(tmpdir(), 'halyard-eneg-')), 'report.csv');
  // Offline: it only tries (and fails) to fetch translations and release notes, then checks the sources.
  await run(process.execPath, [join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js'), '-i', join(root, 'electron'), '-s', 'medium', '-r', '-v', 'false', '-e', electron, '-o', out], { cwd: root, timeout: 120_000 });
  const found = findings(readFileSync(out, 'utf8')).filter((f) => ['MEDIUM', 'HIGH', 'CRITICAL'].includes(f.severity));
  const { justified } = configSchema.parse(JSON.parse(readFileSync(join(root, 'electron', 'electronegativity.json'), 'utf8')));
  const key = (f: { check: string; file: string }) => `${f.check} in ${f.file}`;
  expect(found.map(key).filter((k) => !justified.some((j) => key(j) === k))).toEqual([]);
  expect(justified.map(key).filter((k) => !found.some((f) => key(f) === k))).toEqual([]);
}, 180_000);
