import { describe, expect, it } from 'vitest';
import { keyRefusal } from '../../../core/accounts/key-refusal.js';

describe('a venue’s refusal of a key, in words that name what to fix', () => {
  it('names the API key, the API secret, the passphrase, the IP allow-list or the permissions from the venue’s code', () => {
    const cases: [string, string, RegExp][] = [
      ['binance', 'binance {"code":-1022,"msg":"Signature for this request is not valid."}', /^binance refused the key: the API secret does not belong to this API key/],
      ['binance', 'binance {"code":-2014,"msg":"API-key format invalid."}', /^binance refused the key: the API key is not in the exchange’s format/],
      ['bybit', 'bybit {"retCode":10010,"retMsg":"Unmatched IP, please check your API key\'s bound IP addresses."}', /^bybit refused the key: the key’s IP allow-list does not include this computer’s address/],
      ['bybit', 'bybit {"retCode":10005,"retMsg":"Permission denied, please check your API key permissions."}', /^bybit refused the key: the key lacks a permission Halyard needs/],
      ['kraken', 'kraken {"error":["EGeneral:Permission denied"]}', /^kraken refused the key: the key lacks a permission/],
      ['okx', 'okx {"msg":"OK-ACCESS-PASSPHRASE incorrect.","code":"50105"}', /^okx refused the key: the passphrase is not the one set when the key was created/],
      ['okx', 'okx {"msg":"Invalid Sign","code":"50113"}', /^okx refused the key: the API secret does not belong to this API key/],
      ['okx', 'okx {"msg":"Invalid OK-ACCESS-KEY","code":"50111"}', /^okx refused the key: the API key is not one the exchange knows/],
    ];
    for (const [exchange, answer, words] of cases) {
      const text = keyRefusal(exchange, answer);
      expect(text).toMatch(words);
      // The venue's own answer stays, for support and for the trader who knows the codes.
      expect(text.endsWith(`(${answer})`)).toBe(true);
    }
  });

  it('keeps the venue’s answer alone when its code is not a known key refusal', () => {
    expect(keyRefusal('coinbase', 'coinbase 401 Unauthorized')).toBe('coinbase refused the key: coinbase 401 Unauthorized');
    // A code that merely starts like a known one is not it.
    expect(keyRefusal('binance', 'binance {"code":-10220,"msg":"x"}')).toBe('binance refused the key: binance {"code":-10220,"msg":"x"}');
    expect(keyRefusal('okx', 'okx {"msg":"x","code":"501050"}')).toBe('okx refused the key: okx {"msg":"x","code":"501050"}');
  });
});
