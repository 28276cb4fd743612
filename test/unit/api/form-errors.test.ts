import { describe, expect, it } from 'vitest';
import { decimalStringSchema } from '../../../core/api/contract/trading.js';
import { ApiError } from '../../../core/api/errors.js';
import { plainDecimal } from '../../../renderer/src/app/format.js';
import { describeError, fieldErrors, formError } from '../../../renderer/src/api/errors.js';
import type { LabelledSchema } from '../../../renderer/src/app/forms/param-label.js';
import { settingsLabel } from '../../../renderer/src/features/backtests/settings-labels.js';

const refused = (...issues: { path: string; message: string }[]) => new ApiError('bad_request', 'invalid arguments', issues);
const notAChatId = 'a Telegram chat id is a number such as 123456789 (groups: -100…) or @channelname';

describe('the renderer’s words for a refusal: beside a field, or under the form', () => {
  it('shows an item of a list typed into one field beside that field, naming the item typed', () => {
    const reason = refused({ path: 'chatId', message: notAChatId }, { path: 'allowedChatIds.1', message: notAChatId }, { path: 'allowedChatIds.2', message: notAChatId });
    const lists = { allowedChatIds: ['4242', 'ops', 'room'] };
    // One message per field: the first item at fault.
    expect(fieldErrors(reason, lists)).toEqual({ chatId: notAChatId, allowedChatIds: `"ops": ${notAChatId}` });
    expect(formError(reason, (path) => ['chatId', 'allowedChatIds'].includes(path), lists)).toBeNull();
    // A form that does not say which list it typed keeps the core's paths (and says under the form what it does not show).
    expect(fieldErrors(reason)).toEqual({ chatId: notAChatId, 'allowedChatIds.1': notAChatId, 'allowedChatIds.2': notAChatId });
    expect(formError(reason, (path) => ['chatId', 'allowedChatIds'].includes(path))).toBe(`allowedChatIds.1: ${notAChatId}; allowedChatIds.2: ${notAChatId}`);
  });
});

describe('a sweep’s refusal of a setting on the left names the field as the form labels it', () => {
  const schema: LabelledSchema = { properties: { fast: {}, timeframe: {}, stake: { title: 'Stake (base)' } } };
  const labels = (path: string) => settingsLabel(schema, path);
  const finer = 'sma-cross on 1m bars needs data of 1m or finer; the data is 1h bars: set its timeframe to 1h or coarser';

  it('says "Timeframe: …", not the argument "params.timeframe: …"', () => {
    expect(describeError(refused({ path: 'params.timeframe', message: finer }), labels)).toBe(`Timeframe: ${finer}`);
    expect(describeError(refused({ path: 'params.stake', message: 'Too small' }, { path: 'source.path', message: 'no such file' }), labels)).toBe('Stake (base): Too small; CSV file in the imports folder: no such file');
    expect(describeError(refused({ path: 'fee', message: 'must be at most 0.1' }), labels)).toBe('Fee (rate): must be at most 0.1');
    // An argument the form has no field for, and a rule over several parameters, are said as before.
    expect(describeError(refused({ path: 'params.other', message: 'x' }, { path: 'params.(root)', message: 'fast must be shorter than slow' }), labels)).toBe('params.other: x; fast must be shorter than slow');
  });
});

describe('a working order’s figures as the Modify form shows them back', () => {
  it('are plain decimals the core takes: a coin at 0.00000099 is not refused for a price the trader never typed', () => {
    const shown = [0.00000099, 0.00000001, 40_000, 0.1 + 0.2, 1_000.12, 0].map(plainDecimal);
    expect(shown).toEqual(['0.00000099', '0.00000001', '40000', '0.3', '1000.12', '0']);
    for (const text of shown) expect(decimalStringSchema.safeParse(text).success).toBe(true);
  });
});
