import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../core/market/candle.js';
import { ManualBrackets, type Bracket } from '../../../core/orders/manual-brackets.js';
import type { ProtectiveTarget } from '../../../core/orders/protective-stops.js';

/**
 * A bracket given with an entry becomes the position's exits when that entry first fills; until then the
 * old bracket keeps protecting what is held. The order road is outside this unit: exits it is asked for
 * are recorded and answered as accepted.
 */
function desk(saved: unknown = []) {
  const state = { quantity: 0, halted: false, saved, entries: new Map<string, { filled: number; working: boolean }>() };
  const exits: { amount: number; exitReason: string | undefined }[] = [];
  const protections: ProtectiveTarget[] = [];
  const brackets = new ManualBrackets({
    pipeline: {
      submit: (request) => {
        exits.push({ amount: request.intent.amount, exitReason: request.intent.exitReason });
        return { done: Promise.resolve({ ok: false, stage: 'venue', message: 'recorded', field: undefined }) } as unknown as ReturnType<ManualBracketsPipeline['submit']>;
      },
    },
    manualQuantity: () => state.quantity,
    entry: (id) => state.entries.get(id) ?? null,
    protect: (target) => protections.push(target),
    halted: () => state.halted,
    accountsWatching: () => ['paper'],
    load: () => state.saved,
    save: (list) => {
      state.saved = JSON.parse(JSON.stringify(list));
    },
  });
  return { brackets, state, exits, protections };
}
type ManualBracketsPipeline = ConstructorParameters<typeof ManualBrackets>[0]['pipeline'];

const bar = (low: number, high: number): Candle => ({ time: 60_000, open: 100, high, low, close: 100, volume: 1 });
const bracket = (entryOrder: string, stopLoss: number, takeProfit: number): Bracket => ({ account: 'paper', symbol: 'SOL/USDT', stopLoss, takeProfit, entryOrder });

describe('manual brackets', () => {
  it('keeps the old bracket until the new entry fills, then sells the whole position at the new one', async () => {
    const { brackets, state, exits } = desk();
    state.entries.set('first', { filled: 1, working: false });
    state.quantity = 1;
    brackets.attach(bracket('first', 50, 150));
    expect(brackets.get('paper', 'SOL/USDT')?.entryOrder).toBe('first');

    // A second buy with a tight bracket, not filled yet: a bar through its stop sells nothing.
    state.entries.set('second', { filled: 0, working: true });
    brackets.attach(bracket('second', 99, 101));
    brackets.onBar('SOL/USDT', bar(98, 100));
    expect(exits).toEqual([]);
    expect(brackets.get('paper', 'SOL/USDT')?.stopLoss).toBe(50);

    // It fills: the new bracket covers both buys.
    state.entries.set('second', { filled: 1, working: false });
    state.quantity = 2;
    brackets.entryEnded('second', 1);
    brackets.onBar('SOL/USDT', bar(98, 100));
    expect(exits).toEqual([{ amount: 2, exitReason: 'stop_loss' }]);
  });

  it('drops a waiting bracket whose entry ends unfilled, and keeps a waiting one across a restart', () => {
    const first = desk();
    first.state.entries.set('resting', { filled: 0, working: true });
    first.brackets.attach(bracket('resting', 90, 110));
    const again = desk(first.state.saved);
    again.state.entries.set('resting', { filled: 0, working: true });
    again.state.quantity = 1;
    again.brackets.entryFilled('resting');
    expect(again.brackets.get('paper', 'SOL/USDT')).toEqual(bracket('resting', 90, 110));

    first.brackets.entryEnded('resting', 0);
    expect(first.state.saved).toEqual([]);
  });

  it('hands a waiting bracket to the order that replaces its entry', () => {
    const { brackets, state } = desk();
    state.entries.set('old', { filled: 0, working: true });
    brackets.attach(bracket('old', 90, 110));
    const carried = brackets.takePending('old');
    brackets.entryEnded('old', 0);
    state.entries.set('new', { filled: 0, working: true });
    brackets.attach({ ...carried!, entryOrder: 'new' });
    state.quantity = 1;
    brackets.entryFilled('new');
    expect(brackets.get('paper', 'SOL/USDT')?.entryOrder).toBe('new');
  });
});
