import type { Balance } from '../exchange/port.js';
import { fmt } from '../exchange/precision.js';

/** Base quantity held per owner (`manual` or a configuration) on one account and symbol. */
export type Holdings = ReadonlyMap<string, number>;

/**
 * How much of a symbol `owner` may sell on an account. A strategy sells only its own position (less
 * what its working sells already take). The trader sells what the account holds that no strategy owns —
 * their manual position and coins held before Halyard saw them bought — never a strategy's coins.
 */
export function sellableBy(owner: string, holdings: Holdings, workingSells: number, baseBalance: Balance | null): { quantity: number; why: string } {
  if (owner !== 'manual') {
    const held = holdings.get(owner) ?? 0;
    return { quantity: held - workingSells, why: `its position is ${fmt(held)}${workingSells > 0 ? ` and working sells already take ${fmt(workingSells)}` : ''}` };
  }
  let strategies = 0;
  const others: string[] = [];
  for (const [holder, quantity] of holdings) {
    if (holder === 'manual' || !(quantity > 0)) continue;
    strategies += quantity;
    others.push(`${holder} holds ${fmt(quantity)}`);
  }
  const total = baseBalance?.total ?? 0;
  const free = baseBalance?.free ?? 0;
  const own = Math.max(0, total - strategies - workingSells);
  const quantity = Math.min(free, own);
  const why =
    others.length > 0
      ? `${others.join(', ')} of the ${fmt(total)} held (close a strategy's position from its row in Positions)`
      : `the account holds ${fmt(total)}${free < total ? ` (${fmt(total - free)} reserved by working orders)` : ''}`;
  return { quantity, why };
}
