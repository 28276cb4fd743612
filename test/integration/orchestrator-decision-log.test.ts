import { describe, expect, it } from 'vitest';
import { terminalPerTest, until } from '../helpers/api-terminal.js';

const terminals = terminalPerTest({ speed: 600, tickMs: 20 });

/**
 * The orchestrator through the public API, as a trader checks it: the decision log says what became of an
 * entry (an order the pipeline refuses was not "entered"), budgets are kept for accounts that exist, and a
 * refusal names the argument that did not match.
 */
describe('the orchestrator’s decision log and budgets through the API', () => {
  it('logs an entry the order pipeline refuses as refused, with the pipeline’s reason, never as entered', async () => {
    const { api } = await terminals.start();
    // 0.000001 SOL rounds to nothing at SOL's step: the desk admits it (it fits the budget), the pipeline refuses it.
    await api.call('strategies.save', { name: 'tiny', strategy: 'sma-cross', params: { fast: 2, slow: 4, stake: 0.000001 }, symbols: ['SOL/USDT'], enabled: true });
    const blocked = await until(() => api.call('strategies.signals', { name: 'tiny' }), (list) => list.some((s) => s.outcome === 'blocked'), 'an entry of tiny blocked by the pipeline', 90_000);
    const reason = blocked.find((s) => s.outcome === 'blocked')!.reason;
    const decisions = await until(() => api.call('orchestrator.decisions', { name: 'tiny', limit: 100 }), (list) => list.some((d) => d.verdict === 'refused'), 'the refusal in the decision log');
    expect(decisions.filter((d) => d.verdict === 'entered')).toEqual([]);
    expect(decisions.find((d) => d.verdict === 'refused')!.reason).toMatch(/^tiny: not sent — SOL\/USDT: amount 0\.000001 SOL rounds to 0 at the step [\d.]+$/);
    expect(reason).toContain('rounds to 0');
    expect((await api.call('strategies.configs', {}))[0]).toMatchObject({ name: 'tiny', openPositions: 0 });
  }, 120_000);

  it('refuses budgets for an account that does not exist, naming `account`, and keeps nothing', async () => {
    const { api } = await terminals.start();
    const message = 'no account "nope": choose paper or a live account from Settings → Accounts';
    for (const call of [api.call('allocation.set', { account: 'nope', reservePct: 10, budgets: [] }), api.call('allocation.get', { account: 'nope' }), api.call('allocation.reset', { account: 'nope' })]) {
      await expect(call).rejects.toMatchObject({ code: 'bad_request', message, issues: [{ path: 'account', message }] });
    }
    expect((await api.call('audit.list', { category: 'settings', limit: 20 })).filter((entry) => entry.action.startsWith('allocation_'))).toEqual([]);
    await expect(api.call('allocation.get', { account: 'paper' })).resolves.toMatchObject({ account: 'paper', seed: true });
  });

  it('profiles of a symbol the market does not have are refused naming `symbols`, not answered with nothing', async () => {
    const { api } = await terminals.start();
    const message = 'not a market of Simulated market: NOPE/USDT';
    await expect(api.call('profiles.list', { symbols: ['BTC/USDT', 'NOPE/USDT'] })).rejects.toMatchObject({ code: 'bad_request', message, issues: [{ path: 'symbols', message }] });
    // The market's own symbols (the Scanner's call) and every symbol by default still answer.
    await expect(api.call('profiles.list', { symbols: ['BTC/USDT'] })).resolves.toEqual(expect.any(Array));
    expect((await api.call('profiles.list', {})).map((profile) => profile.symbol)).toContain('BTC/USDT');
  });

  it('an adjustment that does not exist is refused naming `id`', async () => {
    const { api } = await terminals.start();
    for (const name of ['tuning.accept', 'tuning.decline', 'tuning.revert'] as const) {
      await expect(api.call(name, { id: 999 })).rejects.toMatchObject({ code: 'not_found', message: 'no adjustment #999', issues: [{ path: 'id', message: 'no adjustment #999' }] });
    }
  });
});
