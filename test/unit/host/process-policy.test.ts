import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { describeFailure, installProcessPolicy, redactSecrets } from '../../../core/shell/process-policy.js';

/** The hosts' policy for errors nobody caught, on an emitter standing in for `process`. */
function setup(now = () => 0) {
  const target = new EventEmitter();
  const lines: string[] = [];
  const fatal: string[] = [];
  const exits: number[] = [];
  const uninstall = installProcessPolicy(target, { log: (line) => lines.push(line), logFatal: (line) => fatal.push(line), exit: (code) => exits.push(code), now, maxRejectionLogsPerMinute: 3 });
  return { target, lines, fatal, exits, uninstall };
}

describe('process policy of the hosts', () => {
  it('logs an unhandled rejection with its stack and keeps running', () => {
    const { target, lines, exits } = setup();
    target.emit('unhandledRejection', new Error('fetchBalances timed out'));
    target.emit('unhandledRejection', 'a plain string reason');
    expect(exits).toEqual([]);
    expect(lines[0]).toMatch(/^unhandled promise rejection \(Halyard keeps running\): Error: fetchBalances timed out\n\s+at /);
    expect(lines[1]).toBe('unhandled promise rejection (Halyard keeps running): a plain string reason');
  });

  it('logs an uncaught exception on the fatal path and exits with code 1, once', () => {
    const { target, lines, fatal, exits } = setup();
    target.emit('uncaughtException', new RangeError('position went negative'), 'uncaughtException');
    target.emit('uncaughtException', new Error('a second one while exiting'), 'uncaughtException');
    expect(exits).toEqual([1]);
    expect(lines).toEqual([]);
    expect(fatal[0]).toMatch(/^uncaught exception; Halyard stops now .*RangeError: position went negative/s);
    expect(fatal[1]).toMatch(/a second one while exiting/);
  });

  it('never writes credentials to the log', () => {
    const { target, lines, fatal } = setup();
    target.emit('unhandledRejection', new Error('binance GET https://api.binance.com/api/v3/account?timestamp=1&signature=9f86d081884c7d65 {"X-MBX-APIKEY":"vmPUZE6mv9SD5VNH"}'));
    target.emit('uncaughtException', new Error('kraken API-Sign: c2VjcmV0c2ln apiKey=AKIAKEY123 secret: s3cr3t password=hunter2 ws://127.0.0.1:4000/api?token=abcdef'));
    const text = [...lines, ...fatal].join('\n');
    for (const secret of ['9f86d081884c7d65', 'vmPUZE6mv9SD5VNH', 'c2VjcmV0c2ln', 'AKIAKEY123', 's3cr3t', 'hunter2', 'abcdef']) expect(text).not.toContain(secret);
    expect(text).toContain('signature=[redacted]');
    expect(text).toContain('timestamp=1'); // what is not a credential stays readable
  });

  it('caps rejections logged per minute and reports how many it skipped', () => {
    let time = 0;
    const { target, lines } = setup(() => time);
    for (let i = 0; i < 10; i++) target.emit('unhandledRejection', new Error(`r${i}`));
    expect(lines).toHaveLength(3);
    time = 60_000;
    target.emit('unhandledRejection', new Error('next minute'));
    expect(lines.slice(3).map((line) => line.split('\n')[0])).toEqual(['7 more unhandled rejection(s) in the last minute were not logged', 'unhandled promise rejection (Halyard keeps running): Error: next minute']);
  });

  it('stops listening when uninstalled', () => {
    const { target, uninstall } = setup();
    uninstall();
    expect(target.listenerCount('unhandledRejection')).toBe(0);
    expect(target.listenerCount('uncaughtException')).toBe(0);
  });

  it('describes values that are not errors', () => {
    expect(describeFailure({ code: -1003, apiKey: 'abc' })).toBe('{"code":-1003,"apiKey":"[redacted]"}');
    expect(redactSecrets('Authorization: Bearer eyJhbGciOi')).toBe('Authorization: [redacted]');
  });
});
