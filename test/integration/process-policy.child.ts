import { installProcessPolicy } from '../../core/shell/process-policy.js';

/**
 * A host process in miniature (run by process-policy.test.ts in its own Node process): a stray
 * rejection must not end it; an uncaught exception must, with code 1, after the line is logged.
 */
installProcessPolicy(process, { log: (line) => process.stdout.write(`LOG ${line.split('\n')[0]}\n`), exit: (code) => process.exit(code) });

void Promise.reject(new Error('stray rejection'));
setTimeout(() => {
  process.stdout.write('still running\n');
  setTimeout(() => {
    throw new Error('thrown from a timer');
  }, 10);
  setTimeout(() => process.stdout.write('never printed\n'), 500);
}, 50);
