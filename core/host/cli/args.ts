import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Parses CLI flags strictly: an unknown flag or a missing value is an error naming the flag. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
}

/** Prints a one-line error and exits non-zero: what a script or a trader at a terminal needs. */
export function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}
