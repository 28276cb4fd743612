import { PaperExchange } from './core/exchange/paper-exchange.js';
import { checkOrderRules } from './core/exchange/precision.js';
import { toUnits, fromUnits, fillMoney } from './core/exchange/paper-decimal.js';
const rules = { symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', amountStep: 1e-8, priceStep: 0.01, minAmount: null, maxAmount: null, minCost: null, maxCost: null, tier: 'large' as const, makerFee: 0.001, takerFee: 0.001 };
const ex = new PaperExchange({ markets: [rules], balances: { USDT: 1e12 }, config: { slippage: 0 } });
const N = 20000;
let time = 0;
ex.onCandle('BTC/USDT', { time, open: 64000.12, high: 64000.12, low: 64000.12, close: 64000.12, volume: 10 });
let t = performance.now();
for (let i = 0; i < N; i++) {
  ex.placeOrderNow({ clientOrderId: 'o' + i, symbol: 'BTC/USDT', side: i % 2 ? 'sell' : 'buy', type: 'market', amount: 1 });
  time += 60000;
  ex.onCandle('BTC/USDT', { time, open: 64000.12 + i * 0.01, high: 64000.12, low: 64000.12, close: 64000.12, volume: 10 });
}
console.log('order+fill', ((performance.now() - t) / N * 1000).toFixed(1), 'us');
t = performance.now();
for (let i = 0; i < N; i++) checkOrderRules(ex, { symbol: 'BTC/USDT', type: 'market', amount: 1, referencePrice: 64000.12 + i });
console.log('checkOrderRules', ((performance.now() - t) / N * 1000).toFixed(1), 'us');
t = performance.now();
for (let i = 0; i < N; i++) fillMoney(1, 64000.12 + i * 0.01, 0.001);
console.log('fillMoney', ((performance.now() - t) / N * 1000).toFixed(1), 'us');
t = performance.now();
for (let i = 0; i < N; i++) fromUnits(toUnits(64000.12 + i * 0.01));
console.log('units roundtrip', ((performance.now() - t) / N * 1000).toFixed(1), 'us');
t = performance.now();
for (let i = 0; i < N; i++) ex.balancesNow();
console.log('balances', ((performance.now() - t) / N * 1000).toFixed(1), 'us');
