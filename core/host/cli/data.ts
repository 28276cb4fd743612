import './zod-jitless.js';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defaultDataDir } from '../../app/paths.js';
import type { BackfillProgress } from '../../market/backfill.js';
import { importCandleCsv } from '../../market/candle-import.js';
import { SpikeGate } from '../../market/spike-gate.js';
import { symbolSchema, timeframeSchema, type MarketSymbol, type Timeframe } from '../../market/candle.js';
import { DATE_INPUT_HINT, parseDateInput } from '../../market/date-input.js';
import { symbolFromFileName, UNRECOGNISED_SYMBOL } from '../../market/sources.js';
import { Keychain } from '../../secrets/keychain.js';
import { openEncryptedStore } from '../../store/open-store.js';
import type { HalyardStore } from '../../store/store.js';
import { fail, parseFlags } from './args.js';

/**
 * `npm run data -- backfill --exchange <id> --symbol BTC/USDT --timeframe 1m --from <date> [--to <date>]`
 * `npm run data -- --csv <file> [--symbol BTC/USDT] [--exchange csv] [--timeframe 1m]`
 * Both write into the encrypted store in --data-dir (default: the app's data directory).
 */
const USAGE = `usage:
  npm run data -- backfill --exchange <id> --symbol <BASE/QUOTE> [--timeframe 1m] --from <date> [--to <date>] [--data-dir <dir>]
  npm run data -- --csv <file> [--symbol <BASE/QUOTE>] [--exchange <label>] [--timeframe <tf>] [--data-dir <dir>]
dates: YYYY-MM-DD, ISO 8601 (with T or a space), or epoch seconds/milliseconds (UTC)`;

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseFlags(process.argv.slice(2).filter((arg, i) => !(i === 0 && (arg === 'backfill' || arg === 'import'))), {
      exchange: { type: 'string' },
      symbol: { type: 'string' },
      timeframe: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      csv: { type: 'string' },
      'data-dir': { type: 'string' },
      'base-url': { type: 'string' },
      sandbox: { type: 'boolean', default: false },
      'timeout-ms': { type: 'string' },
      'keychain-service': { type: 'string', default: 'halyard' },
      help: { type: 'boolean', default: false },
    }).values;
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const flags = parsed;
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const subcommand = process.argv[2];
  if (!flags.csv && subcommand !== 'backfill') fail(`say what to do: "backfill" or --csv <file>\n${USAGE}`);
  const timeframe = flags.timeframe === undefined ? undefined : parseTimeframe(flags.timeframe);

  // Every flag is checked before the store (and the keychain) is touched.
  let backfillArgs: BackfillArgs | null = null;
  if (!flags.csv) {
    if (!flags.exchange) fail('--exchange is required (a ccxt id such as binance)');
    if (!flags.symbol) fail('--symbol is required, e.g. BTC/USDT');
    if (!flags.from) fail('--from is required, e.g. 2024-01-01');
    const timeoutMs = flags['timeout-ms'] === undefined ? undefined : Number(flags['timeout-ms']);
    if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) fail(`--timeout-ms must be a positive whole number, got "${flags['timeout-ms']}"`);
    backfillArgs = {
      exchange: flags.exchange,
      symbol: parseSymbol(flags.symbol),
      timeframe: timeframe ?? '1m',
      from: parseDate(flags.from, '--from'),
      to: flags.to ? parseDate(flags.to, '--to') : Date.now(),
      baseUrl: flags['base-url'] ?? null,
      sandbox: flags.sandbox,
      timeoutMs,
    };
    if (backfillArgs.to <= backfillArgs.from) fail(`--to (${iso(backfillArgs.to)}) must be after --from (${iso(backfillArgs.from)})`);
  }

  let csv: CsvArgs | null = null;
  if (flags.csv) {
    const file = flags.csv;
    const text = await readFile(file, 'utf8').catch((error: unknown) => fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`));
    const guessed = symbolFromFileName(file);
    if (!flags.symbol && guessed === UNRECOGNISED_SYMBOL) fail(`cannot tell the symbol from the file name ${file}; pass --symbol BASE/QUOTE`);
    csv = { file, text, exchange: flags.exchange ?? 'csv', symbol: parseSymbol(flags.symbol ?? guessed), timeframe };
  }

  const store = await openStore(resolve(flags['data-dir'] ?? defaultDataDir()), flags['keychain-service']);
  try {
    if (backfillArgs) await runBackfill(store, backfillArgs);
    if (csv) runImport(store, csv);
  } finally {
    store.close();
  }
}

interface CsvArgs {
  readonly file: string;
  readonly text: string;
  readonly exchange: string;
  readonly symbol: MarketSymbol;
  readonly timeframe: Timeframe | undefined;
}

function runImport(store: HalyardStore, { file, text, exchange, symbol, timeframe }: CsvArgs): void {
  let report;
  try {
    report = importCandleCsv(text, { exchange, symbol, ...(timeframe ? { timeframe } : {}) }, store.candles, new SpikeGate(store.settings));
  } catch (error) {
    fail(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { key } = report;
  const out: string[] = [`Imported ${report.imported} candles into ${key.symbol} ${key.timeframe} (source "${key.exchange}") from ${file}; ${report.unchanged} already stored unchanged.`];
  if (report.rejected.length === 0) out.push('Rejected 0 rows.');
  else {
    out.push(`Rejected ${report.rejected.length} rows:`);
    for (const issue of report.rejected) out.push(`  line ${issue.line}: ${issue.rule} — ${issue.detail}`);
  }
  if (report.flagged.length > 0) {
    out.push(`Flagged ${report.flagged.length} spike(s) (stored, but kept out of strategy input until confirmed):`);
    for (const issue of report.flagged) out.push(`  line ${issue.line}: ${issue.detail}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

interface BackfillArgs {
  readonly exchange: string;
  readonly symbol: MarketSymbol;
  readonly timeframe: Timeframe;
  readonly from: number;
  readonly to: number;
  readonly baseUrl: string | null;
  readonly sandbox: boolean;
  readonly timeoutMs: number | undefined;
}

async function runBackfill(store: HalyardStore, args: BackfillArgs): Promise<void> {
  // ccxt is loaded only when an exchange is actually used: a CSV import starts faster without it.
  const { BackfillRequestError, backfillFromExchange, openBackfillSource } = await import('../../exchange/ccxt-backfill.js');
  let source: ReturnType<typeof openBackfillSource>;
  try {
    source = openBackfillSource(args);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  try {
    const report = await backfillFromExchange(source, args, {
      candles: store.candles,
      spikes: new SpikeGate(store.settings),
      signal: controller.signal,
      onProgress: progressPrinter(),
    });
    const out = [
      `Backfilled ${args.exchange} ${args.symbol} ${args.timeframe} ${iso(report.from)} → ${iso(report.to)}: stored ${report.stored} candles in ${report.pages} requests; ${report.alreadyStored} were already stored.`,
    ];
    if (report.rejected.length > 0) {
      out.push(`Rejected ${report.rejected.length} candles from the exchange:`);
      for (const issue of report.rejected) out.push(`  ${iso(issue.time)}: ${issue.rule} — ${issue.detail}`);
    }
    if (report.flagged.length > 0) {
      out.push(`Flagged ${report.flagged.length} spike(s) (stored, but kept out of strategy input until confirmed):`);
      for (const flag of report.flagged) out.push(`  ${iso(flag.time)}: ${flag.detail}`);
    }
    if (report.unfillable.length === 0) out.push('No gaps left.');
    else {
      out.push(`${report.unfillable.length} gaps the exchange could not fill (newest first):`);
      for (const gap of report.unfillable) out.push(`  ${iso(gap.from)} → ${iso(gap.to)} (${gap.bars} bars)`);
    }
    if (report.aborted) out.push('Interrupted: run the same command again to resume where it stopped.');
    process.stdout.write(`${out.join('\n')}\n`);
  } catch (error) {
    if (error instanceof BackfillRequestError) fail(error.message);
    fail(`backfill failed: ${error instanceof Error ? error.message : String(error)} (stored pages are kept; run again to resume)`);
  }
}

function progressPrinter(): (progress: BackfillProgress) => void {
  let lastShown = -1;
  return (p) => {
    const percent = p.totalBars === 0 ? 100 : Math.floor((p.doneBars / p.totalBars) * 100);
    if (percent === lastShown) return;
    lastShown = percent;
    const width = 30;
    const filled = Math.round((percent / 100) * width);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}% ${p.doneBars}/${p.totalBars} bars, ${p.pages} requests`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${percent === 100 ? '\n' : ''}`);
    else if (percent % 10 === 0) process.stderr.write(`${line}\n`);
  };
}

async function openStore(dataDir: string, keychainService: string): Promise<HalyardStore> {
  const opening = await openEncryptedStore({ dataDir, keychain: new Keychain(keychainService) });
  if (!opening.ok) fail(opening.message);
  return opening.store;
}

function parseDate(text: string, flag: string): number {
  const time = parseDateInput(text);
  if (time === null) fail(`${flag} "${text}" is not a date (${DATE_INPUT_HINT})`);
  return time;
}

function parseSymbol(text: string): MarketSymbol {
  const result = symbolSchema.safeParse(text.toUpperCase());
  if (!result.success) fail(`--symbol "${text}" must look like BTC/USDT`);
  return result.data;
}

function parseTimeframe(text: string): Timeframe {
  const result = timeframeSchema.safeParse(text);
  if (!result.success) fail(`--timeframe must be one of ${timeframeSchema.options.join(', ')}, got "${text}"`);
  return result.data;
}

function iso(time: number): string {
  return new Date(time).toISOString().replace('.000Z', 'Z');
}

void main();
