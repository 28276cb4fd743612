import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../core/api/errors.js';
import { fieldErrors, formError } from '../../../renderer/src/api/errors.js';

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
