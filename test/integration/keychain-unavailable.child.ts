/**
 * Child process for keychain-unavailable tests (spawned with the Secret Service unreachable). It tries
 * the keychain directly and starts a whole Terminal, then prints what happened as one JSON line.
 * Usage: node --import tsx keychain-unavailable.child.ts <keychain service> <data dir>
 */
import { readdirSync } from 'node:fs';
import { ApiError } from '../../core/api/errors.js';
import { Terminal } from '../../core/app/terminal.js';
import { Keychain } from '../../core/secrets/keychain.js';

const [service, dataDir] = process.argv.slice(2) as [string, string];
const keychain = new Keychain(service, { timeoutMs: 20_000 });
const direct = { read: await keychain.read('db-key'), write: await keychain.write('db-key', 'f'.repeat(64)), remove: await keychain.remove('db-key') };

const terminal = await Terminal.create({ dataDir, keychainService: service, tickMs: 1_000 });
const status = await terminal.handlers['app.status']({});
const watchlist = await terminal.handlers['market.watchlist']({});
let addError: { code: string; message: string } | null = null;
try {
  await terminal.handlers['accounts.add']({ exchange: 'binance', label: 'main', apiKey: 'KEY-abcd', apiSecret: 'SECRET-should-not-be-kept', sandbox: false });
} catch (error) {
  addError = error instanceof ApiError ? { code: error.code, message: error.message } : { code: 'thrown', message: String(error) };
}
const halted = await terminal.handlers['risk.emergencyStop']({ source: 'button', reason: 'child test' });
await terminal.close();
process.stdout.write(`${JSON.stringify({ direct, status, watchlistRows: watchlist.length, addError, halted: halted.halted, files: readdirSync(dataDir) })}\n`);
process.exit(0);
