import { describe, expect, it } from 'vitest';
import { reconciledMarketsText } from '../../../renderer/src/features/risk/reconciled-markets.js';

const at = Date.UTC(2026, 11, 8, 3, 50, 12);

/** The Reconciliation view's words for the markets a run read: whether a trade made on the venue's website was found. */
describe('which markets a reconciliation read, in the Risk tab’s words', () => {
  it('names the markets read, and those left for the next run as not found yet', () => {
    expect(reconciledMarketsText('binance:main', { at, marketsChecked: ['BNB/USDT', 'BTC/USDT', 'SOL/USDT'] }, at)).toEqual([
      'binance:main, reconciled at 03:50:12 UTC: trades read on BNB/USDT, BTC/USDT and SOL/USDT — the markets Halyard trades there and those of every coin whose balance changed (the first time: every coin held), so a trade made on the venue’s website would have been found.',
    ]);
    expect(reconciledMarketsText('binance:main', { at, marketsChecked: ['BTC/USDT'], marketsLater: ['XRP/BTC', 'XRP/USDT'] }, at + 86_400_000)).toEqual([
      'binance:main, reconciled at 2026-12-08 03:50:12 UTC: trades read on BTC/USDT — the markets Halyard trades there and those of every coin whose balance changed (the first time: every coin held), so a trade made on the venue’s website on them would have been found.',
      'binance:main: trades on XRP/BTC and XRP/USDT are read at the next run (more markets than one run reads): a trade made there on the venue’s website is not found yet.',
    ]);
  });

  it('says every market was read where one listing holds them all (Kraken), naming those known or with trades in it', () => {
    expect(reconciledMarketsText('kraken:main', { at, marketsChecked: ['BTC/USDT', 'ETH/USDT'], everyMarket: true }, at)).toEqual([
      'kraken:main, reconciled at 03:50:12 UTC: trades read on every market, in the one listing that holds them all: BTC/USDT and ETH/USDT — the markets Halyard trades there and those with trades in it, so a trade made on the venue’s website would have been found.',
    ]);
    expect(reconciledMarketsText('kraken:main', { at, marketsChecked: [], everyMarket: true }, at)).toEqual([
      'kraken:main, reconciled at 03:50:12 UTC: trades read on every market, in the one listing that holds them all: there were none, and Halyard has not traded there, so no trade was made on the venue’s website.',
    ]);
  });

  it('says when no market needed reading', () => {
    expect(reconciledMarketsText('kraken:main', { at, marketsChecked: [] }, at)).toEqual([
      'kraken:main, reconciled at 03:50:12 UTC: no market’s trades to read — Halyard has not traded there and no coin’s balance changed since the run before, so no trade was made on the venue’s website.',
    ]);
    expect(reconciledMarketsText('kraken:main', { at, marketsChecked: [], marketsLater: ['SOL/USD'] }, at)).toEqual([
      'kraken:main, reconciled at 03:50:12 UTC: no trades read — the markets of every coin whose balance changed are left for the next run.',
      'kraken:main: trades on SOL/USD are read at the next run (more markets than one run reads): a trade made there on the venue’s website is not found yet.',
    ]);
  });
});
