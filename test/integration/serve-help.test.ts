import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '..', '..');

/** `serve --help`, as a trader types it to find the flags: every flag listed, nothing started. */
describe('serve --help', () => {
  it('lists every flag and exits 0 without starting the core', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'core/host/cli/serve.ts'), '--help'], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const flag of ['--port', '--data-dir', '--market simulated', '--market replay:', '--speed', '--seed', '--history-minutes']) expect(run.stdout).toContain(flag);
    expect(run.stdout).not.toContain('Halyard is running');
  });
});
