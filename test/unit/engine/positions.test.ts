import { describe, expect, it } from 'vitest';
import { Position } from '../../../core/engine/positions.js';

describe('positions with tranches', () => {
  it('keeps a size-weighted average entry across tranches', () => {
    const p = new Position('t1', 'BTC/USDT', 0, 100);
    p.addFill('o1', 1, 100, 0.1, 0);
    p.addFill('o2', 3, 80, 0.24, 60_000);
    expect(p.quantity).toBe(4);
    expect(p.averageEntry).toBe(85); // (100 + 240) / 4
    expect(p.trancheCount).toBe(2);
  });

  it('exits FIFO: a partial exit realises P&L against the oldest tranche first, fees of both sides included', () => {
    const p = new Position('t1', 'BTC/USDT', 0, 100);
    p.addFill('o1', 1, 100, 0.1, 0);
    p.addFill('o2', 3, 80, 0.24, 60_000);
    const first = p.reduce(2, 110, 0.22, 120_000, 'take_profit');
    // Consumes tranche 1 (1 @ 100, fee 0.1) and 1 of tranche 2 (1 @ 80, fee 0.08).
    expect(first).toMatchObject({ id: 't1', qty: 2, entryPrice: 90, exitPrice: 110, entryTime: 0, exitTime: 120_000, reason: 'take_profit' });
    expect(first.fees).toBeCloseTo(0.1 + 0.08 + 0.22, 12);
    expect(first.pnl).toBeCloseTo(220 - 180 - 0.4, 12);
    expect(p.quantity).toBe(2);
    expect(p.averageEntry).toBe(80);
    const second = p.reduce(2, 70, 0.14, 180_000, 'stop_loss');
    expect(second).toMatchObject({ id: 't1', entryPrice: 80, entryTime: 60_000, reason: 'stop_loss' });
    expect(second.pnl).toBeCloseTo(140 - 160 - 0.16 - 0.14, 12);
    expect(p.isOpen).toBe(false);
  });

  it('merges further fills of the same entry order into one tranche', () => {
    const p = new Position('t1', 'BTC/USDT', 0, 100);
    p.addFill('o1', 4, 100, 0.4, 0);
    p.addFill('o1', 6, 90, 0.54, 60_000);
    expect(p.trancheCount).toBe(1);
    expect(p.averageEntry).toBe(94);
    expect(() => p.reduce(11, 100, 0, 0, 'signal')).toThrow(/cannot sell 11/);
  });
});
