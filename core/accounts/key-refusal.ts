/**
 * A venue's refusal of an account's key, in words that name what to fix: the API key, the API secret,
 * the passphrase, the key's IP allow-list or its permissions. Read from the codes each venue documents
 * for authentication failures (ccxt's message carries the venue's answer as it came):
 * - Binance, https://developers.binance.com/docs/binance-spot-api-docs/errors: -1022 INVALID_SIGNATURE,
 *   -2014 BAD_API_KEY_FMT, -2015 REJECTED_MBX_KEY ("Invalid API-key, IP, or permissions for action.");
 * - Bybit v5, https://bybit-exchange.github.io/docs/v5/error: 10003 invalid API key, 10004 sign error,
 *   10005 permission denied, 10010 unmatched IP, 33004 API key expired;
 * - Kraken, https://docs.kraken.com/api/docs/guides/spot-errors: EAPI:Invalid key, EAPI:Invalid signature,
 *   EGeneral:Permission denied;
 * - OKX, https://www.okx.com/docs-v5/en/#error-code-rest-api-public: 50105 passphrase, 50110 IP,
 *   50111 OK-ACCESS-KEY, 50113 sign, 50120 permission.
 */

const REPLACE = 'Settings → Accounts → Replace keys';

const WRONG_KEY = `the API key is not one the exchange knows (a typo, a deleted key, or a key of its testnet): check it and ${REPLACE}`;
const WRONG_SECRET = `the API secret does not belong to this API key: paste the secret the exchange showed when the key was created (${REPLACE})`;
const WRONG_IP = 'the key’s IP allow-list does not include this computer’s address: add it on the exchange';
const NO_PERMISSION = 'the key lacks a permission Halyard needs (reading and spot trading): enable them on the exchange';

const EXPLANATIONS: readonly { readonly code: RegExp; readonly means: string }[] = [
  { code: /"code":\s*-1022\b/, means: WRONG_SECRET },
  { code: /"code":\s*-2014\b/, means: `the API key is not in the exchange’s format (a character missing or added when pasting): ${REPLACE}` },
  { code: /"code":\s*-2015\b/, means: `the exchange refuses this API key from here: the key is wrong (${REPLACE}), this computer’s IP is not on the key’s allow-list, or the key may not trade spot` },
  { code: /"retCode":\s*10003\b/, means: WRONG_KEY },
  { code: /"retCode":\s*10004\b/, means: WRONG_SECRET },
  { code: /"retCode":\s*10005\b/, means: NO_PERMISSION },
  { code: /"retCode":\s*10010\b/, means: WRONG_IP },
  { code: /"retCode":\s*33004\b/, means: `the API key has expired: create a new one and ${REPLACE}` },
  { code: /EAPI:Invalid key/, means: WRONG_KEY },
  { code: /EAPI:Invalid signature/, means: WRONG_SECRET },
  { code: /EGeneral:Permission denied/, means: NO_PERMISSION },
  { code: /"code":\s*"?50105\b/, means: `the passphrase is not the one set when the key was created: ${REPLACE}` },
  { code: /"code":\s*"?50110\b/, means: WRONG_IP },
  { code: /"code":\s*"?50111\b/, means: WRONG_KEY },
  { code: /"code":\s*"?50113\b/, means: WRONG_SECRET },
  { code: /"code":\s*"?50120\b/, means: NO_PERMISSION },
];

/** `<exchange> refused the key: <what to fix> (<the venue's answer>)`, or the venue's answer alone when its code is not one of these. */
export function keyRefusal(exchange: string, venueMessage: string): string {
  const known = EXPLANATIONS.find((entry) => entry.code.test(venueMessage));
  return known ? `${exchange} refused the key: ${known.means} (${venueMessage})` : `${exchange} refused the key: ${venueMessage}`;
}
