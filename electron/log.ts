import { createWriteStream, mkdirSync, renameSync, statSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

const MAX_BYTES = 5 * 1024 * 1024;

export interface FileLog {
  readonly file: string;
  log(line: string): void;
  close(): void;
}

/**
 * The main process log (`main.log` in the OS log directory), also echoed to stderr. One old
 * file is kept when it grows past 5 MB. Only our own messages are written — never secrets.
 */
export function createFileLog(dir: string, echo: (line: string) => void = (line) => process.stderr.write(line)): FileLog {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'main.log');
  try {
    if (statSync(file).size > MAX_BYTES) renameSync(file, join(dir, 'main.1.log'));
  } catch {
    // No log yet: nothing to rotate.
  }
  const stream: WriteStream = createWriteStream(file, { flags: 'a' });
  return {
    file,
    log(line) {
      const stamped = `${new Date().toISOString()} ${line}\n`;
      stream.write(stamped);
      echo(stamped);
    },
    close() {
      stream.end();
    },
  };
}
