import { describe, expect, it } from 'vitest';
import { until } from '../helpers/api-terminal.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';
import { marketFill, SIGNING_SECRET, stubsForFile } from './alerts-helpers.js';

/**
 * An exit alert's P&L after a paper reset is the round trip's own: the fills from before the reset
 * (a round trip at other prices) do not enter it. Its figure is checked against the trip's two fills.
 */
const terminals = restartableTerminal();
const stubs = stubsForFile();

describe('the exit alert after a paper reset', () => {
  it('counts only the fills since the reset', async () => {
    const api = await terminals.start({ dataDir: terminals.dataDir('halyard-alerts-reset-'), speed: 600, tickMs: 20 });
    await api.call('alerts.channels.add', { kind: 'webhook', name: 'ops', url: stubs.webhook.endpoint(), signingSecret: SIGNING_SECRET, routing: { kinds: ['exits'], minLevel: 'info' } });

    // The same symbol is traded again right after its close.
    await api.call('risk.config.set', { config: { tradeCooldownMinutes: 0 } });
    // Before the reset: a round trip of 0.5 ETH, closed in two parts.
    await marketFill(api, 'buy', '0.5');
    const [held] = await api.call('positions.list', {});
    await api.call('positions.close', { id: held!.id, fraction: 0.5 });
    await until(() => api.call('positions.list', {}), (list) => list.length === 1 && list[0]!.quantity < 0.5, 'half the position to close');
    await api.call('positions.close', { id: held!.id });
    await until(() => api.call('positions.list', {}), (list) => list.length === 0, 'the position to close');
    await api.call('accounts.resetPaper', {});

    // After it: 0.2 ETH bought and sold.
    const buyId = await marketFill(api, 'buy', '0.2');
    const [position] = await api.call('positions.list', {});
    await api.call('positions.close', { id: position!.id });
    const isExit = (text: string) => text.startsWith('PAPER · Exit ETH/USDT (manual): SELL 0.2 ETH/USDT');
    await until(async () => stubs.webhook.deliveries.filter((m) => isExit(m.text)).length, (n) => n > 0, 'the exit alert', 60_000);
    const text = stubs.webhook.deliveries.find((m) => isExit(m.text))!.text;

    const fills = await api.call('fills.list', { symbol: 'ETH/USDT' });
    const buy = fills.find((f) => f.clientOrderId === buyId)!;
    const sell = fills.at(-1)!;
    expect(sell.side).toBe('sell');
    const net = (sell.price - buy.price) * 0.2 - buy.feeInQuote! - sell.feeInQuote!;
    const shown = /P&L ([+−]?[\d,]+\.\d\d) USDT/.exec(text);
    expect(shown, text).not.toBeNull();
    expect(Number(shown![1]!.replace(/,/g, '').replace('−', '-'))).toBeCloseTo(net, 2);
  });
});
