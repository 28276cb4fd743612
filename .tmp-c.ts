import { PaperExchange } from './core/exchange/paper-exchange.js';
import { checkOrderRules } from './core/exchange/precision.js';
const rules = { symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', amountStep: 1e-8, priceStep: 0.01, minAmount: null, maxAmount: null, minCost: null, maxCost: null, tier: 'large' as const, makerFee: 0.001, takerFee: 0.001 };
const ex = new PaperExchange({ markets: [rules], balances: { USDT: 1e12 }, config: { slippage: 0 } });
const N = 500000;
for (let r = 0; r < 3; r++) {
let t = performance.now();
for (let i = 0; i < N; i++) checkOrderRules(ex, { symbol: 'BTC/USDT', type: 'market', amount: 1, referencePrice: 64000.12 + i });
console.log('checkOrderRules', ((performance.now() - t) / N * 1000).toFixed(3), 'us');
t = performance.now();
for (let i = 0; i < N; i++) ex.roundAmount('BTC/USDT', 1 + i * 1e-8);
console.log('roundAmount', ((performance.now() - t) / N * 1000).toFixed(3), 'us');
t = performance.now();
for (let i = 0; i < N; i++) ex.market('BTC/USDT');
console.log('market', ((performance.now() - t) / N * 1000).toFixed(3), 'us');
}
