import { describe, expect, it } from 'vitest';
import { PaperExchange } from '../../../core/exchange/paper-exchange.js';
import type { ExchangePort } from '../../../core/exchange/port.js';
import { DeadManSwitch } from '../../../core/risk/dead-man.js';
import { PAPER_MARKETS } from './paper-world.js';

/** A venue with a cancel-all-after timer that records how it is armed (the paper venue has none of its own). */
function venueWithTimer(failNext = { value: false }) {
  const paper = new PaperExchange({ markets: PAPER_MARKETS, balances: { USDT: 1_000 } });
  const armed: number[] = [];
  const port = Object.assign(Object.create(paper) as ExchangePort, {
    capabilities: { ...paper.capabilities, cancelAllAfter: true },
    async cancelAllOrdersAfter(timeoutMs: number) {
      if (failNext.value) {
        failNext.value = false;
        throw new Error('network down');
      }
      armed.push(timeoutMs);
    },
  });
  return { port, armed };
}

/** A manual interval: the test decides when a heartbeat is due. */
function manualTimer() {
  const beats: (() => void)[] = [];
  let period = 0;
  return {
    setInterval: (callback: () => void, ms: number) => {
      beats.push(callback);
      period = ms;
      return beats.length;
    },
    clearInterval: () => beats.splice(0),
    beat: () => beats.forEach((b) => b()),
    period: () => period,
    active: () => beats.length,
  };
}

describe('cancel-all-after dead-man switch', () => {
  it('arms the venue timer, re-arms it every quarter of the timeout, and disarms it on stop', async () => {
    const { port, armed } = venueWithTimer();
    const timer = manualTimer();
    const problems: string[] = [];
    const dms = new DeadManSwitch({ port, timeoutMs: 60_000, setInterval: timer.setInterval, clearInterval: timer.clearInterval, onProblem: (m) => problems.push(m) });
    expect(await dms.start()).toBe(true);
    expect(armed).toEqual([60_000]);
    expect(timer.period()).toBe(15_000);
    timer.beat();
    timer.beat();
    await Promise.resolve();
    expect(armed).toEqual([60_000, 60_000, 60_000]);
    await dms.stop();
    expect(armed.at(-1)).toBe(0);
    expect(timer.active()).toBe(0);
    expect(dms.armed).toBe(false);
    expect(problems).toEqual([]);
  });

  it('reports a missed heartbeat and keeps beating', async () => {
    const failNext = { value: false };
    const { port, armed } = venueWithTimer(failNext);
    const timer = manualTimer();
    const problems: string[] = [];
    const dms = new DeadManSwitch({ port, setInterval: timer.setInterval, clearInterval: timer.clearInterval, onProblem: (m) => problems.push(m) });
    await dms.start();
    failNext.value = true;
    timer.beat();
    await new Promise((resolve) => setImmediate(resolve));
    expect(problems).toEqual(['paper: cancel-all-after heartbeat failed 1 time(s): network down']);
    timer.beat();
    await new Promise((resolve) => setImmediate(resolve));
    expect(armed).toEqual([60_000, 60_000]);
    await dms.stop();
  });

  it('holds the timer off (timeout 0) while an order that must outlive Halyard rests, at once both ways', async () => {
    const { port, armed } = venueWithTimer();
    const timer = manualTimer();
    let resting: string | null = 'a protective stop rests';
    const dms = new DeadManSwitch({ port, timeoutMs: 60_000, setInterval: timer.setInterval, clearInterval: timer.clearInterval, holdOff: () => resting });
    await dms.start();
    expect([armed, dms.armed, dms.heldOff]).toEqual([[0], false, 'a protective stop rests']);
    timer.beat();
    await new Promise((resolve) => setImmediate(resolve));
    expect(armed).toEqual([0, 0]);
    dms.refresh(); // nothing changed: no extra call
    resting = null;
    dms.refresh();
    await new Promise((resolve) => setImmediate(resolve));
    expect([armed, dms.armed, dms.heldOff]).toEqual([[0, 0, 60_000], true, null]);
    resting = 'again';
    dms.refresh();
    await new Promise((resolve) => setImmediate(resolve));
    expect([armed.at(-1), dms.armed, dms.heldOff]).toEqual([0, false, 'again']);
    await dms.stop();
    expect([dms.armed, dms.heldOff]).toEqual([false, null]);
  });

  it('does nothing on a venue without the timer', async () => {
    const paper = new PaperExchange({ markets: PAPER_MARKETS, balances: {} });
    expect(await new DeadManSwitch({ port: paper }).start()).toBe(false);
  });
});
