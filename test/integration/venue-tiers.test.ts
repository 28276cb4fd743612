import { describe, expect, it } from 'vitest';
import type { LiveAccount } from '../../core/accounts/live-accounts.js';
import { armedBinanceApi, binanceTerminalForFile } from './order-roads-helpers.js';

/**
 * Liquidity tiers on a real venue come from its 24 h volumes (GET /api/v3/ticker/24hr, all symbols),
 * with the thresholds of the risk configuration: set when the account is armed, refreshed daily.
 */
const file = binanceTerminalForFile('tiers');

describe('liquidity tiers from the venue’s 24 h volume', () => {
  it('sets every market’s tier when the account is armed, and again at the daily refresh with the saved thresholds', async () => {
    const { api, accountId } = await armedBinanceApi(file.terminal, file.stub, 'tiers');
    const live = file.terminal.core.registry.get('binance:tiers') as LiveAccount;
    const tiers = () => Object.fromEntries(['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'BNB/USDT', 'LTC/USDT'].map((symbol) => [symbol, live.port.market(symbol).tier]));
    // Default thresholds: large ≥ 1 B, mid ≥ 100 M, small ≥ 10 M USDT a day. LTC's 40 M is small, no longer "mid" by name.
    expect(tiers()).toEqual({ 'BTC/USDT': 'large', 'ETH/USDT': 'large', 'SOL/USDT': 'mid', 'BNB/USDT': 'mid', 'LTC/USDT': 'small' });
    expect(file.stub.requestsTo('GET', '/api/v3/ticker/24hr').at(-1)?.params).toEqual({});

    // A day later LTC trades 1.5 M and the trader raised the large-cap bar to 1.3 B: ETH (1.2 B) is mid, LTC a meme.
    file.stub.book.setQuoteVolume24h('LTCUSDT', 1_500_000);
    const config = await api.call('risk.config.get', {});
    await api.call('risk.config.set', { config: { ...config, tiers: { minQuoteVolume24h: { large: 1_300_000_000, mid: 100_000_000, small: 10_000_000 } } } });
    await live.tiers!.run();
    expect(tiers()).toEqual({ 'BTC/USDT': 'large', 'ETH/USDT': 'mid', 'SOL/USDT': 'mid', 'BNB/USDT': 'mid', 'LTC/USDT': 'meme' });

    // Thresholds that do not fall from large to small are refused, naming the field.
    const bad = await api.call('risk.config.set', { config: { ...config, tiers: { minQuoteVolume24h: { large: 1_000, mid: 100_000_000, small: 10_000_000 } } } }).catch((e: unknown) => e);
    expect(String((bad as Error).message)).toMatch(/tiers\.minQuoteVolume24h/);
    await api.call('accounts.disarm', { id: accountId });
  });
});
