import { ALLOW, deny, type RiskGuard } from '../guard.js';

/** Guards driven by the market rather than the account: the regime and per-strategy volatility switches. */

export const regimeGuard: RiskGuard = {
  name: 'regime',
  appliesTo: 'entries',
  check(order, _portfolio, { regime, config }) {
    if (config.regime.sizeMultiplier[regime] > 0) return ALLOW;
    return deny(this.name, `market regime ${regime}: new entries are blocked (size multiplier ${config.regime.sizeMultiplier[regime]}); ${order.symbol} ${order.purpose} refused`);
  },
};

export const volatilitySwitchGuard: RiskGuard = {
  name: 'volatility_switch',
  appliesTo: 'entries',
  check(order, _portfolio, environment) {
    const reason = environment.strategyDisabled(order.strategy, order.symbol);
    return reason === null ? ALLOW : deny(this.name, reason);
  },
};
