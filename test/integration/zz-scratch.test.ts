import { test } from 'vitest';
import { startBinanceStub } from '../stubs/binance-stub.js';
import { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
test('smoke', async () => {
  const stub = await startBinanceStub();
  const ex = new CcxtExchange({ account: { exchange: 'binance', apiKey: stub.apiKey, secret: stub.secret, baseUrl: stub.url, timeoutMs: 2000 } });
  const m = await ex.loadMarkets();
  console.log([...m.values()]);
  console.log(await ex.fetchBalances());
  const o = await ex.placeOrder({ clientOrderId: 'hy0000000000000001', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.0012345, price: 40000.123 });
  console.log(o);
  console.log(await ex.fetchOpenOrders());
  console.log(await ex.cancelAllOrders());
  const mk = await ex.placeOrder({ clientOrderId: 'hy0000000000000002', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.001 });
  console.log(mk, await ex.fetchFills('BTC/USDT'));
  console.log(stub.requests.map(r => `${r.method} ${r.path} ${r.status} ${r.signed} ${JSON.stringify(r.params).slice(0,200)}`).join('\n'));
  await ex.close(); await stub.close();
});
