import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands } from '../../../core/api/contract/index.js';
import { issuesFromZod } from '../../../core/api/errors.js';
import { fmt, money, priceText } from '../../../core/exchange/precision.js';

const issues = (result: { success: boolean; error?: z.ZodError }) => (result.error ? issuesFromZod(result.error).map((i) => `${i.path}: ${i.message}`) : []);

describe('validation messages in a trader’s words', () => {
  it('says "required" for an empty price or amount, and keeps the field’s own message for a malformed one', () => {
    const place = commands['orders.place'].request;
    expect(issues(place.safeParse({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '', price: '' }))).toEqual(['amount: required', 'price: required']);
    expect(issues(place.safeParse({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '1,5', price: '100' }))).toEqual(['amount: must be a plain decimal number like 0.015']);
  });

  it('never lets zod’s programmer messages through', () => {
    const save = commands['strategies.save'].request;
    expect(issues(save.safeParse({ name: 'grid', strategy: 'dca-grid', params: {}, symbols: [], enabled: false }))).toEqual(['symbols: choose at least one']);
    const schema = z.object({ count: z.number().int().min(3).max(9), kind: z.enum(['a', 'b']), text: z.string().min(1), list: z.array(z.string()).max(2) }).strict();
    expect(issues(schema.safeParse({ count: 1.5, kind: 'c', text: '', list: ['x', 'y', 'z'], extra: 1 }))).toEqual([
      'count: must be a whole number',
      'kind: must be one of a, b',
      'text: required',
      'list: choose at most 2',
      '(root): field extra is not known here',
    ]);
    expect(issues(schema.safeParse({ count: 12, kind: 'a', text: 'x', list: [] }))).toEqual(['count: must be at most 9']);
    expect(issues(schema.safeParse({}))).toEqual(['count: required', 'kind: required', 'text: required', 'list: required']);
  });
});

describe('numbers in messages', () => {
  it('carry no float noise', () => {
    expect(fmt(9981.469999999999)).toBe('9981.47');
    expect(fmt(64248.410000000003)).toBe('64248.41');
    expect(fmt(0.1 + 0.2)).toBe('0.3');
    expect(fmt(0.00000123)).toBe('0.00000123');
    expect(fmt(-0)).toBe('0');
  });

  it('group thousands for money and show prices at the market’s precision', () => {
    expect(money(10_000)).toBe('10,000');
    expect(money(9981.469999999999)).toBe('9,981.47');
    expect(priceText(64250.1, 2)).toBe('64,250.10');
  });
});

describe('the core’s messages for the Settings forms, as said beside a field', () => {
  it('says a blank account label or channel name once, and a base URL’s problem without repeating the field', () => {
    const add = commands['accounts.add'].request;
    expect(issues(add.safeParse({ exchange: 'binance', label: '  ', apiKey: 'k', apiSecret: 's', baseUrl: 'ftp://127.0.0.1' }))).toEqual([
      'label: label is required',
      'baseUrl: must start with https:// (or http:// for a venue on this machine), not ftp://',
    ]);
    const channel = commands['alerts.channels.add'].request;
    expect(issues(channel.safeParse({ kind: 'slack', name: '', webhookUrl: 'https://hooks.slack.com/services/x' }))).toEqual(['name: name is required']);
  });

  it('says what a report time looks like on the 24-hour clock, for each time that is not one', () => {
    const schedule = commands['alerts.schedule.set'].request;
    expect(issues(schedule.safeParse({ enabled: true, timeZone: 'UTC', daily: ['07:00', '25:00'], weekly: { day: 'monday', time: '7' } }))).toEqual([
      'daily.1: times look like 07:00 or 19:30 (24-hour clock)',
      'weekly.time: times look like 07:00 or 19:30 (24-hour clock)',
    ]);
  });

  it('says what an exchange id, a symbol or a date looks like without naming the field again', () => {
    const source = commands['market.setSource'].request;
    expect(issues(source.safeParse({ kind: 'exchange', exchange: 'Bin ance', symbols: ['BTC/USDT', 'BTC-USDT'] }))).toEqual(['exchange: not a ccxt exchange id such as binance', 'symbols.1: must look like BTC/USDT']);
    const backfill = commands['data.backfill'].request;
    expect(issues(backfill.safeParse({ exchange: 'x', symbol: 'BTCUSDT', from: 'last tuesday', to: 'soon' }))).toEqual([
      'exchange: not a ccxt exchange id such as binance',
      'symbol: must look like BTC/USDT',
      'from: not a date (YYYY-MM-DD, ISO 8601 or epoch s/ms)',
      'to: not a date (YYYY-MM-DD, ISO 8601 or epoch s/ms)',
    ]);
  });
});
