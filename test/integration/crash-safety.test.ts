import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../core/market/random.js';
import { openEncryptedStore } from '../../core/store/open-store.js';
import { removeDir, tempDir, testKeychain } from './store-helpers.js';

const CHILD = join(import.meta.dirname, 'crash-writer.child.ts');
const RUNS = 6;
const keychain = testKeychain();
const dataDir = tempDir('halyard-crash-');
afterAll(async () => {
  await keychain.cleanup();
  removeDir(dataDir);
});

interface Reported {
  readonly id: string;
  readonly seq: number;
  readonly status: string;
}

/** Starts the writer, lets it report `commits` commits, then SIGKILLs it after a further random delay. */
function runAndKill(prefix: string, commits: number, extraDelayMs: number): Promise<Reported[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, keychain.service, dataDir, prefix], { stdio: ['ignore', 'pipe', 'pipe'] });
    const reported: Reported[] = [];
    let buffer = '';
    let stderr = '';
    let killing = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') continue;
        const [id, seq, status] = line.split(' ');
        reported.push({ id: id!, seq: Number(seq), status: status! });
      }
      if (!killing && reported.length >= commits) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), extraDelayMs);
      }
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited on its own (code ${code}): ${stderr}`));
      else resolve(reported);
    });
  });
}

describe('crash safety of the order journal (SIGKILL at random moments, real encrypted file)', () => {
  it(`keeps every transition the writer reported as committed, across ${RUNS} kills`, { timeout: 120_000 }, async () => {
    const seed = Date.now() % 1_000_000;
    const random = new SeededRandom(seed);
    const all: Reported[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Each commit fsyncs (synchronous=FULL), so keep the runs short: 5–150 commits, then a 0–25 ms grace.
      const commits = 5 + Math.floor(random.next() * 145);
      const delay = Math.floor(random.next() * 25);
      const reported = await runAndKill(`run${run}`, commits, delay);
      all.push(...reported);
      expect(reported.length, `seed ${seed}, run ${run}`).toBeGreaterThanOrEqual(commits);

      const opening = await openEncryptedStore({ dataDir, keychain });
      if (!opening.ok) throw new Error(`${opening.reason}: ${opening.message}`);
      const store = opening.store;
      try {
        expect(store.integrityCheck(), `seed ${seed}, run ${run}`).toEqual(['ok']);
        const byOrder = new Map<string, Reported[]>();
        for (const entry of all) byOrder.set(entry.id, [...(byOrder.get(entry.id) ?? []), entry]);
        for (const [id, entries] of byOrder) {
          const journal = store.orders.transitions(id);
          for (const entry of entries) {
            expect(journal[entry.seq - 1], `seed ${seed}: ${id} transition ${entry.seq} was reported committed`).toMatchObject({ seq: entry.seq, to: entry.status });
          }
          // The order row and its journal never disagree, even for the order the kill interrupted.
          expect(store.orders.get(id)?.status).toBe(journal.at(-1)?.to);
        }
        const lastOrder = all.at(-1)!;
        if (lastOrder.seq >= 3) expect(store.fills.forOrder(lastOrder.id)).toHaveLength(1);
      } finally {
        store.close();
      }
    }
  });
});
