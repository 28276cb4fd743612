import { z } from 'zod';
import { venueBaseUrlSchema } from './base-url.js';
import { command } from './define.js';

/** Said beside (or after) the exchange field, so the message does not name it again. */
export const exchangeIdSchema = z.string().regex(/^[a-z0-9]{2,30}$/, 'not a ccxt exchange id such as binance');
export const accountLabelSchema = z
  .string()
  .trim()
  // Blank is said once: not also as letters it does not use.
  .min(1, { message: 'label is required', abort: true })
  .max(40)
  .regex(/^[A-Za-z0-9 _.-]+$/, 'label may use letters, digits, space, _ . -');

/** What the renderer may know about an account: never a secret, only a masked key. */
export const accountViewSchema = z.object({
  id: z.number().int(),
  exchange: exchangeIdSchema,
  label: z.string(),
  mode: z.enum(['paper', 'live']),
  sandbox: z.boolean(),
  baseUrl: z.string().nullable(),
  hasKey: z.boolean(),
  /** e.g. "••••1a2b" — the last 4 characters of the API key. */
  maskedKey: z.string().nullable(),
  hasPassphrase: z.boolean(),
  /**
   * `checked`: the exchange's API reports what a key may do, and arming refuses a key that can withdraw.
   * `unknown` ("permissions unknown"): it does not tell, so Halyard cannot check; typing the label confirms the key is trade-only.
   */
  keyPermissions: z.enum(['checked', 'unknown']),
  createdAt: z.number(),
});
export type AccountView = z.infer<typeof accountViewSchema>;

const secret = (name: string) => z.string().trim().min(1, `${name} is required`).max(512);

export const accountCommands = {
  'accounts.list': command(z.object({}).strict(), z.array(accountViewSchema)),
  'accounts.add': command(
    z
      .object({
        exchange: exchangeIdSchema,
        label: accountLabelSchema,
        apiKey: secret('API key'),
        apiSecret: secret('API secret'),
        passphrase: z.string().max(512).optional(),
        sandbox: z.boolean().default(false),
        baseUrl: venueBaseUrlSchema.optional(),
      })
      .strict(),
    accountViewSchema,
  ),
  /** Refused (code `rejected`) while the account is armed: disarm, replace, arm again (arming checks the new key). */
  'accounts.replaceCredentials': command(
    z
      .object({ id: z.number().int(), apiKey: secret('API key'), apiSecret: secret('API secret'), passphrase: z.string().max(512).optional() })
      .strict(),
    accountViewSchema,
  ),
  /** Arms an account for live trading: the trader types its label to confirm. */
  'accounts.arm': command(z.object({ id: z.number().int(), confirmLabel: z.string().max(100) }).strict(), accountViewSchema),
  /** Back to paper: no new live orders; open live orders stay until cancelled (the emergency stop cancels them). */
  'accounts.disarm': command(z.object({ id: z.number().int() }).strict(), accountViewSchema),
  'accounts.remove': command(z.object({ id: z.number().int() }).strict(), z.object({ removed: z.literal(true) })),
  /**
   * Starts the paper account over with its starting balance. Refused (code `rejected`) while paper
   * orders are open or paper positions are held: close them first. The order and fill history stays.
   */
  'accounts.resetPaper': command(
    z.object({}).strict(),
    z.object({
      balances: z.array(z.object({ currency: z.string(), free: z.number(), used: z.number(), total: z.number() })),
      resetAt: z.number(),
    }),
  ),
} as const;
