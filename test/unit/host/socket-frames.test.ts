import { describe, expect, it } from 'vitest';
import { createSocketFrames } from '../../../core/host/socket-frames.js';

/** A socket's writes and the turn's end under the test's control. */
function harness(batched: boolean) {
  const written: string[] = [];
  let pending: (() => void)[] = [];
  const frames = createSocketFrames((text) => written.push(text), batched, (flush) => pending.push(flush));
  const endTurn = () => {
    const due = pending;
    pending = [];
    due.forEach((flush) => flush());
  };
  return { frames, written, endTurn };
}

const event = (name: string, n: number) => ({ type: 'event', name, payload: { n } });
const response = (id: number) => ({ type: 'response', id, ok: true, result: { id } });

describe('web host socket frames', () => {
  it('writes the events handed over in one turn as one message, a JSON array in order', () => {
    const { frames, written, endTurn } = harness(true);
    frames.send(event('market.candles', 1));
    frames.send(event('market.watchlist', 2));
    frames.send(event('market.depth', 3));
    expect(written).toEqual([]);
    endTurn();
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0]!)).toEqual([event('market.candles', 1), event('market.watchlist', 2), event('market.depth', 3)]);
    frames.send(event('app.status', 4));
    endTurn();
    expect(written.slice(1)).toEqual([JSON.stringify(event('app.status', 4))]);
  });

  it('sends a response on its own, at once, after the events queued before it', () => {
    const { frames, written, endTurn } = harness(true);
    frames.send(event('market.candles', 1));
    frames.send(event('market.depth', 2));
    frames.send(response(0));
    expect(written).toEqual([JSON.stringify([event('market.candles', 1), event('market.depth', 2)]), JSON.stringify(response(0))]);
    // The early history's answer is recognised by its first characters (early-socket.ts).
    expect(written[1]!.startsWith('{"type":"response","id":0,')).toBe(true);
    endTurn();
    expect(written).toHaveLength(2);
  });

  it('gives a client that did not ask for batches one envelope per message', () => {
    const { frames, written, endTurn } = harness(false);
    frames.send(event('market.candles', 1));
    frames.send(event('market.depth', 2));
    expect(written).toEqual([JSON.stringify(event('market.candles', 1)), JSON.stringify(event('market.depth', 2))]);
    endTurn();
    expect(written).toHaveLength(2);
  });

  it('writes nothing after the socket closed', () => {
    const { frames, written, endTurn } = harness(true);
    frames.send(event('market.candles', 1));
    frames.close();
    endTurn();
    frames.send(event('market.candles', 2));
    frames.send(response(3));
    endTurn();
    expect(written).toEqual([]);
  });
});
