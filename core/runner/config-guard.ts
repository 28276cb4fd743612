import type { ExchangePort } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';
import { refuseUnknownParams } from '../strategies/known-params.js';
import { parseStrategyParams } from '../strategies/registry.js';
import { describeParamIssues, InvalidParams } from '../strategies/strategy-error.js';
import { ConfigRefused } from './errors.js';

export interface ConfigGuardOptions {
  readonly enginePort: (account: string) => ExchangePort | null;
  readonly knowsAccount: (account: string) => boolean;
  readonly halted: () => boolean;
}

/**
 * A configuration runs on paper, or on a live account the trader armed deliberately: switching one on
 * for a live account needs that account armed, trading not HALTED and its symbols listed at the venue
 * (its bars then come from that venue's own feed, whatever the chart shows).
 */
export class ConfigGuard {
  constructor(private readonly options: ConfigGuardOptions) {}

  check(name: string, account: string, enabled: boolean, symbols: readonly MarketSymbol[]): void {
    if (account === 'paper') return;
    if (!this.options.knowsAccount(account)) throw new ConfigRefused('account', `no account "${account}": choose paper or a live account from Settings → Accounts`);
    if (!enabled) return;
    const port = this.options.enginePort(account);
    const label = account.slice(account.indexOf(':') + 1);
    if (!port) throw new ConfigRefused('account', `Arm live account ${label} before running ${name} on it`, 'rejected');
    if (this.options.halted()) throw new ConfigRefused('enabled', `Halyard is HALTED (emergency stop): re-arm before running ${name} on live account ${label}`, 'halted');
    const missing = symbols.filter((symbol) => {
      try {
        port.market(symbol);
        return false;
      } catch {
        return true;
      }
    });
    if (missing.length > 0) throw new ConfigRefused('symbols', `${account} does not list ${missing.join(', ')}`);
  }
}

/**
 * Refuses parameters the strategy's schema refuses, each field with its path (the editor shows it beside that field);
 * `knownOnly` (what a trader typed) also refuses names the strategy has no parameter for.
 */
export function checkParams(input: { name: string; strategy: string; params: unknown }, definition: Parameters<typeof parseStrategyParams>[0], knownOnly = false): void {
  try {
    if (knownOnly) refuseUnknownParams(definition, input.params);
    parseStrategyParams(definition, input.params);
  } catch (error) {
    if (error instanceof InvalidParams) throw new ConfigRefused('params', `parameters for ${input.name} (${input.strategy}) are not valid: ${describeParamIssues(error.issues)}`, 'bad_request', error.issues);
    throw error;
  }
}

/** A new configuration takes a free name: saving under a taken one would replace that configuration (its strategy, parameters, on/off). */
export function checkNameFree(name: string, existing: { version: number; strategy: string } | null): void {
  if (existing) throw new ConfigRefused('name', `a configuration named "${name}" already exists (${existing.strategy}, v${existing.version}): choose another name, or change it from its row's Parameters`);
}
