import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { RateBudget, RateBudgets } from '../../core/exchange/rate-budget.js';
import { DeadManSwitch } from '../../core/risk/dead-man.js';
import { startKrakenStub, type KrakenStub } from '../stubs/kraken-stub.js';

/** The venue's cancel-all-after timer through real ccxt code (kraken: binance has none). */
let stub: KrakenStub;
beforeAll(async () => {
  stub = await startKrakenStub();
});
afterAll(async () => {
  await stub.close();
});

/** The account's shared budget, generous so the test does not wait out Kraken's real spacing. */
function kraken(budgets = new RateBudgets()) {
  budgets.forAccount('kraken:test', () => new RateBudget({ refillPerMs: 1, capacity: 100 }));
  return new CcxtExchange({
    account: { exchange: 'kraken', apiKey: stub.apiKey, secret: stub.secret, baseUrl: stub.url },
    accountKey: 'kraken:test',
    budgets,
    readRetry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
  });
}

/** A manual interval: the test decides when a heartbeat is due. */
function manualTimer() {
  const beats: (() => void)[] = [];
  return {
    setInterval: (callback: () => void) => beats.push(callback),
    clearInterval: () => void beats.splice(0),
    beat: () => beats.forEach((b) => b()),
    active: () => beats.length,
  };
}

// Heartbeats run in the background: wait for the calls to reach the stub.
const waitFor = (assertion: () => void) => vi.waitFor(assertion, { timeout: 20_000, interval: 50 });

describe('dead-man switch on a venue with a cancel-all-after timer', () => {
  it('binance has no timer in ccxt; kraken does', async () => {
    const binance = new CcxtExchange({ account: { exchange: 'binance' } });
    expect(binance.capabilities.cancelAllAfter).toBe(false);
    await expect(binance.cancelAllOrdersAfter(60_000)).rejects.toThrow(/no cancel-all-after timer/);
    await binance.close();
    const venue = kraken();
    expect(venue.capabilities.cancelAllAfter).toBe(true);
    await venue.close();
  });

  it('arms the timer with a signed request, re-arms it on every heartbeat (retrying a 503), and switches it off on stop', async () => {
    const venue = kraken();
    const timer = manualTimer();
    const problems: string[] = [];
    const before = stub.requests.length;
    const dms = new DeadManSwitch({ port: venue, timeoutMs: 60_000, setInterval: timer.setInterval, clearInterval: timer.clearInterval, onProblem: (m) => problems.push(m) });
    expect(await dms.start()).toBe(true);
    expect(dms.armed).toBe(true);
    const sent = stub.requests.slice(before).filter((r) => r.path === '/0/private/CancelAllOrdersAfter');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'POST', apiKey: stub.apiKey, status: 200, params: { timeout: '60' } });
    const spentBefore = venue.budget.stats().requests;

    stub.failTimerCalls = 1; // the venue hiccups once: the heartbeat is retried, not lost
    timer.beat();
    await waitFor(() => expect(stub.timerCalls()).toHaveLength(2));
    timer.beat();
    await waitFor(() => expect(stub.timerCalls()).toHaveLength(3));
    expect(problems).toEqual([]);
    expect(stub.timerCalls()).toEqual([60, 60, 60]);
    expect(stub.requests.filter((r) => r.path === '/0/private/CancelAllOrdersAfter' && r.status === 503)).toHaveLength(1);
    // Every heartbeat (the failed try included) was paid from the account's shared request budget.
    expect(venue.budget.stats().requests - spentBefore).toBe(3);

    await dms.stop();
    expect(stub.timerCalls().at(-1)).toBe(0);
    expect(timer.active()).toBe(0);
    expect(dms.armed).toBe(false);
    await venue.close();
  });
});
