import { fromUnits, SCALE, type BybitBook, type BybitExecution, type BybitOrder, type BybitPosition } from './bybit-book.js';
import { STUB_LEVERAGE } from './bybit-fixtures.js';

/**
 * Response objects with the fields of the response tables in docs/v5: order/open-order.mdx
 * (orders), order/execution.mdx (executions), position/position.mdx, account/wallet-balance.mdx,
 * market/tickers.mdx, user/apikey-info.mdx, account/account-info.mdx. Decimals are strings.
 */
const num = (units: number): string => String(fromUnits(units));
const optional = (units: number): string => (units > 0 ? num(units) : '');

export function orderBody(o: BybitOrder): Record<string, unknown> {
  const avg = o.cumExecQty > 0 ? Math.round((o.cumExecValue * SCALE) / o.cumExecQty) : 0;
  return {
    orderId: o.orderId,
    orderLinkId: o.orderLinkId,
    blockTradeId: '',
    symbol: o.symbol,
    price: o.price > 0 ? num(o.price) : '0',
    qty: num(o.qty),
    side: o.side,
    isLeverage: '',
    positionIdx: 0,
    orderStatus: o.orderStatus,
    createType: o.stopOrderType === 'StopLoss' || o.stopOrderType === 'TakeProfit' ? 'CreateByStopLoss' : 'CreateByUser',
    cancelType: o.cancelType,
    rejectReason: o.rejectReason,
    avgPrice: avg > 0 ? num(avg) : '',
    leavesQty: ['New', 'PartiallyFilled', 'Untriggered'].includes(o.orderStatus) ? num(o.qty - o.cumExecQty) : '0',
    leavesValue: '0',
    cumExecQty: num(o.cumExecQty),
    cumExecValue: num(o.cumExecValue),
    cumExecFee: num(o.cumExecFee),
    cumFeeDetail: o.cumExecFee > 0 ? { USDT: num(o.cumExecFee) } : {},
    timeInForce: o.timeInForce,
    orderType: o.orderType,
    stopOrderType: o.stopOrderType,
    orderIv: '',
    marketUnit: '',
    triggerPrice: optional(o.triggerPrice),
    takeProfit: optional(o.takeProfit),
    stopLoss: optional(o.stopLoss),
    tpslMode: o.takeProfit > 0 || o.stopLoss > 0 ? 'Full' : '',
    tpLimitPrice: '',
    slLimitPrice: '',
    tpTriggerBy: o.takeProfit > 0 ? 'LastPrice' : '',
    slTriggerBy: o.stopLoss > 0 ? 'LastPrice' : '',
    triggerDirection: o.triggerDirection,
    triggerBy: o.triggerPrice > 0 ? 'LastPrice' : '',
    lastPriceOnCreated: '',
    reduceOnly: o.reduceOnly,
    closeOnTrigger: o.closeOnTrigger,
    placeType: '',
    smpType: 'None',
    smpGroup: 0,
    smpOrderId: '',
    createdTime: String(o.createdTime),
    updatedTime: String(o.updatedTime),
  };
}

export function executionBody(e: BybitExecution): Record<string, unknown> {
  return {
    symbol: e.order.symbol,
    orderId: e.order.orderId,
    orderLinkId: e.order.orderLinkId,
    side: e.order.side,
    orderPrice: e.order.price > 0 ? num(e.order.price) : '0',
    orderQty: num(e.order.qty),
    leavesQty: num(e.order.qty - e.order.cumExecQty),
    createType: 'CreateByUser',
    orderType: e.order.orderType,
    stopOrderType: e.order.stopOrderType || 'UNKNOWN',
    execFee: num(e.execFee),
    execId: e.execId,
    execPrice: num(e.execPrice),
    execQty: num(e.execQty),
    execType: 'Trade',
    execValue: num(Math.round((e.execQty * e.execPrice) / SCALE)),
    execTime: String(e.execTime),
    feeCurrency: 'USDT',
    isMaker: e.isMaker,
    feeRate: String(e.feeRate),
    tradeIv: '',
    markIv: '',
    markPrice: num(e.execPrice),
    indexPrice: '',
    underlyingPrice: '',
    blockTradeId: '',
    closedSize: num(e.closedSize),
    seq: Number(e.execId.slice(5)),
  };
}

export function positionBody(p: BybitPosition, mark: number): Record<string, unknown> {
  const size = Math.abs(p.size);
  const value = Math.round((size * p.avgPrice) / SCALE);
  const upl = Math.round((size * (mark - p.avgPrice) * Math.sign(p.size)) / SCALE);
  return {
    positionIdx: 0,
    riskId: 1,
    riskLimitValue: '2000000',
    symbol: p.symbol,
    side: p.size > 0 ? 'Buy' : p.size < 0 ? 'Sell' : '',
    size: num(size),
    avgPrice: num(p.avgPrice),
    positionValue: num(value),
    tradeMode: 0,
    autoAddMargin: 0,
    positionStatus: 'Normal',
    leverage: String(STUB_LEVERAGE),
    markPrice: num(mark),
    liqPrice: '',
    bustPrice: '',
    positionIM: num(Math.round(value / STUB_LEVERAGE)),
    positionMM: num(Math.round(value / STUB_LEVERAGE / 2)),
    positionBalance: '0',
    takeProfit: p.takeProfit > 0 ? num(p.takeProfit) : '0',
    stopLoss: p.stopLoss > 0 ? num(p.stopLoss) : '0',
    trailingStop: '0',
    sessionAvgPrice: '',
    delta: '',
    gamma: '',
    vega: '',
    theta: '',
    unrealisedPnl: num(upl),
    curRealisedPnl: '0',
    cumRealisedPnl: num(p.cumRealisedPnl),
    adlRankIndicator: size > 0 ? 2 : 0,
    createdTime: String(p.createdTime),
    updatedTime: String(p.updatedTime),
    seq: 1,
    isReduceOnly: false,
    mmrSysUpdatedTime: '',
    leverageSysUpdatedTime: '',
  };
}

export function walletBody(book: BybitBook): Record<string, unknown> {
  const wallet = num(book.wallet);
  const used = num(book.usedMargin());
  return {
    list: [
      {
        accountType: 'UNIFIED',
        accountIMRate: '0',
        accountMMRate: '0',
        totalEquity: wallet,
        totalWalletBalance: wallet,
        totalMarginBalance: wallet,
        totalAvailableBalance: num(book.available()),
        totalPerpUPL: '0',
        totalInitialMargin: used,
        totalMaintenanceMargin: '0',
        accountLTV: '0',
        coin: [{ coin: 'USDT', equity: wallet, usdValue: wallet, walletBalance: wallet, locked: '0', spotHedgingQty: '0', borrowAmount: '0', accruedInterest: '0', totalOrderIM: '0', totalPositionIM: used, totalPositionMM: '0', unrealisedPnl: '0', cumRealisedPnl: '0', bonus: '0', marginCollateral: true, collateralSwitch: true, free: '', availableToWithdraw: '', availableToBorrow: '' }],
      },
    ],
  };
}

export function apiKeyBody(apiKey: string, withdraw: boolean, now: number): Record<string, unknown> {
  return {
    id: '13770661',
    note: 'halyard-stub',
    apiKey,
    readOnly: 0,
    secret: '',
    permissions: { ContractTrade: ['Order', 'Position'], Spot: ['SpotTrade'], Wallet: withdraw ? ['AccountTransfer', 'Withdraw'] : ['AccountTransfer'], Options: [], Derivatives: ['DerivativesTrade'], Exchange: [], Earn: [], FiatP2P: [], FiatBitPay: [], FiatConvertBroker: [], BitCard: [], ByXPost: [], Affiliate: [], BlockTrade: [], NFT: [], CopyTrading: [] },
    ips: ['*'],
    type: 1,
    deadlineDay: 66,
    expiredAt: new Date(now + 66 * 86_400_000).toISOString(),
    createdAt: new Date(now - 86_400_000).toISOString(),
    unified: 0,
    uta: 1,
    userID: 24617703,
    inviterID: 0,
    vipLevel: 'No VIP',
    mktMakerLevel: '0',
    affiliateID: 0,
    rsaPublicKey: '',
    isMaster: true,
    parentUid: '0',
    kycLevel: 'LEVEL_DEFAULT',
    kycRegion: '',
  };
}

export function tickerBody(symbol: string, last: number): Record<string, unknown> {
  const price = num(last);
  return { symbol, lastPrice: price, indexPrice: price, markPrice: price, prevPrice24h: price, price24hPcnt: '0', highPrice24h: price, lowPrice24h: price, prevPrice1h: price, openInterest: '1000', openInterestValue: '0', turnover24h: '1000000', volume24h: '100', fundingRate: '0.0001', nextFundingTime: '0', predictedDeliveryPrice: '', basisRate: '', deliveryFeeRate: '', deliveryTime: '0', ask1Size: '1', bid1Price: price, ask1Price: price, bid1Size: '1', basis: '' };
}

export function coinBody(coin: string): Record<string, unknown> {
  const chain = { chain: coin === 'USDT' ? 'ETH' : coin, chainType: coin, confirmation: '12', withdrawFee: '1', depositMin: '0', withdrawMin: '2', minAccuracy: '8', chainDeposit: '1', chainWithdraw: '1', withdrawPercentageFee: '0', contractAddress: '', safeConfirmNumber: '64', withdrawMax: '-1' };
  return { name: coin, coin, remainAmount: '1000000', chains: [chain] };
}
