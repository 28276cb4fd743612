import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTsChild } from './store-helpers.js';

const child = fileURLToPath(new URL('./process-policy.child.ts', import.meta.url));

describe('process policy in a real Node process', () => {
  it('keeps running after an unhandled rejection and exits with code 1 on an uncaught exception', async () => {
    const { code, stdout } = await runTsChild(child, [], process.env);
    expect(stdout.trim().split('\n')).toEqual([
      'LOG unhandled promise rejection (Halyard keeps running): Error: stray rejection',
      'still running',
      'LOG uncaught exception; Halyard stops now (orders are journaled; the next start reconciles with the exchanges): Error: thrown from a timer',
    ]);
    expect(code).toBe(1);
  }, 30_000);
});
