import { describe, expect, it } from 'vitest';
import { extraMarkets } from '../../../core/risk/reconcile-markets.js';

const markets = new Map(
  [
    ['BTC/USDT', 'BTC', 'USDT'],
    ['ETH/USDT', 'ETH', 'USDT'],
    ['SOL/USDT', 'SOL', 'USDT'],
    ['SOL/BTC', 'SOL', 'BTC'],
    ['SOL/EUR', 'SOL', 'EUR'],
    ['DOT/USDT', 'DOT', 'USDT'],
  ].map(([symbol, base, quote]) => [symbol!, { base: base!, quote: quote! }]),
);
const balances = (totals: Record<string, number>) => Object.entries(totals).map(([currency, total]) => ({ currency, free: total, used: 0, total }));

describe('the markets a reconciliation reads trades on beyond the known ones', () => {
  it('asks a coin whose balance changed on each market it forms with a quote the account holds, and not the known ones', () => {
    const extra = extraMarkets({ markets, known: new Set(['BTC/USDT']), balances: balances({ USDT: 700, BTC: 0.1, SOL: 2, DOT: 5 }), lastSeen: { USDT: 1000, BTC: 0.2, DOT: 5 } });
    // SOL/EUR: the account holds no EUR. DOT: unchanged. BTC/USDT: known, read anyway.
    expect(extra).toEqual({ check: ['SOL/BTC', 'SOL/USDT'], later: [], seen: { USDT: 700, BTC: 0.1, SOL: 2, DOT: 5 } });
  });

  it('on its first look asks the coins held that no known market trades', () => {
    expect(extraMarkets({ markets, known: new Set(['BTC/USDT']), balances: balances({ USDT: 1000, BTC: 1, ETH: 0, DOT: 5 }), lastSeen: null }).check).toEqual(['DOT/USDT']);
  });

  it('leaves a coin whole for the next run over the limit, its change not marked as seen', () => {
    const extra = extraMarkets({ markets, known: new Set(), balances: balances({ USDT: 500, BTC: 1, ETH: 1, SOL: 2 }), lastSeen: { USDT: 1000, BTC: 1, ETH: 0, SOL: 0 }, limit: 2 });
    expect(extra).toEqual({ check: ['ETH/USDT'], later: ['SOL/BTC', 'SOL/USDT'], seen: { USDT: 500, BTC: 1, ETH: 1, SOL: 0 } });
  });
});
