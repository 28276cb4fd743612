import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHistoryMinutesFlag, parseMarketFlag } from '../../app/config.js';
import { defaultDataDir } from '../../app/paths.js';
import { Terminal } from '../../app/terminal.js';
import { installProcessPolicy } from '../../shell/process-policy.js';
import { startWebHost } from '../web-host.js';
import { fail, parseFlags } from './args.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const USAGE = `Usage: npm run serve -- [flags]   (or: npx tsx core/host/cli/serve.ts [flags])
Runs the core headless on 127.0.0.1 and prints the address to open, with its per-run token.
  --port N               port on 127.0.0.1 (default 0: a free one)
  --data-dir DIR         where the database lives (default: the desktop app's user-data dir)
  --market simulated     the embedded simulated market (default)
  --market replay:<csv>  play a 1m candle CSV (timestamp,open,high,low,close,volume) through the same feed
  --speed X              market minutes per real minute (1 = real time, 60 = one candle a second)
  --seed N               seed of the simulated market (default 42)
  --history-minutes N    minutes of history the simulated market starts with (default 3000)
  --help                 this text
`;

async function main(): Promise<void> {
  // A stray rejection is logged and trading goes on; an uncaught exception ends the process (see process-policy.ts).
  installProcessPolicy(process, { log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`), exit: (code) => process.exit(code) });
  let flags;
  try {
    flags = parseFlags(process.argv.slice(2), {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      market: { type: 'string', default: 'simulated' },
      speed: { type: 'string', default: '1' },
      seed: { type: 'string', default: '42' },
      'history-minutes': { type: 'string', default: '3000' },
      help: { type: 'boolean', default: false },
    }).values;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (flags.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const port = Number(flags.port);
  if (!/^\d{1,5}$/.test(flags.port) || port > 65_535) fail(`--port must be a number from 0 to 65535, got "${flags.port}"`);
  if (!/^\d+(\.\d+)?$/.test(flags.speed) || Number(flags.speed) <= 0) fail(`--speed must be a positive number (1 = real time), got "${flags.speed}"`);
  if (!/^\d{1,10}$/.test(flags.seed)) fail(`--seed must be a whole number, got "${flags.seed}"`);
  let market;
  let historyMinutes;
  try {
    historyMinutes = parseHistoryMinutesFlag(flags['history-minutes']);
    market = parseMarketFlag(flags.market, Number(flags.seed));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (market.kind === 'replay' && !existsSync(market.file)) fail(`replay file not found: ${market.file}`);

  const staticDir = join(repoRoot, 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) fail('the renderer is not built: run `npm run build:renderer` (npm run serve does it for you)');

  const dataDir = resolve(flags['data-dir'] ?? defaultDataDir());
  await mkdir(dataDir, { recursive: true, mode: 0o700 });

  const terminal = await Terminal.create({ dataDir, market, speed: Number(flags.speed), historyMinutes, keychainService: process.env.HALYARD_KEYCHAIN_SERVICE || undefined }).catch((error: unknown) =>
    fail(error instanceof Error ? error.message : String(error)),
  );
  const host = await startWebHost({
    handlers: terminal.handlers,
    events: terminal.events,
    staticDir,
    port,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`Halyard is running (${terminal.status().dataSource.label}, data in ${dataDir})\nOpen ${host.url}\n`);

  const shutdown = async () => {
    await host.close();
    await terminal.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

void main();
