import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keychain } from '../../core/secrets/keychain.js';

/**
 * A keychain under a service name no trader uses; `cleanup` removes every entry the test created.
 * Run these tests with `test/with-keyring.sh` (npm test does): a real Secret Service, never a mock.
 */
export function testKeychain(): Keychain & { cleanup(extraAccounts?: string[]): Promise<void> } {
  const keychain = new Keychain(`halyard-test-${randomUUID()}`, { timeoutMs: 20_000 });
  return Object.assign(keychain, {
    async cleanup(extraAccounts: string[] = []) {
      for (const account of ['db-key', ...extraAccounts]) await keychain.remove(account);
    },
  });
}

export function tempDir(prefix = 'halyard-store-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every regular file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

/** Files under `dir` whose bytes contain `needle` (as UTF-8 text). */
export function filesContaining(dir: string, needle: string | Buffer): string[] {
  const bytes = typeof needle === 'string' ? Buffer.from(needle, 'utf8') : needle;
  return filesUnder(dir).filter((path) => readFileSync(path).includes(bytes));
}

/**
 * Runs a TypeScript file in a child Node process (tsx) and returns its stdout. `env` overrides the
 * environment, e.g. to take the Secret Service away: the keychain library keeps its D-Bus connection
 * for the life of a process, so that situation needs its own process.
 */
export function runTsChild(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The current environment with the session bus pointing nowhere, as on a box without a Secret Service. */
export function envWithoutSecretService(): NodeJS.ProcessEnv {
  return { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/halyard-test-bus' };
}
