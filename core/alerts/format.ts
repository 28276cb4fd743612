/**
 * Numbers and names as a trader reads them on a phone: thousands separators, a sensible number of
 * decimals (rounded by Intl, so float noise such as 0.30000000000000004 never shows), signs on P&L,
 * and the account always named PAPER or LIVE. The desk's sign rule (renderer/src/app/format.ts) holds
 * here too: a negative figure starts with the minus sign "−" (U+2212), never the hyphen "-", and one
 * that rounds to zero at the decimals shown reads 0, with no sign (never "-0" or "-0.00").
 */

const MINUS = '\u2212';

/** Intl's text with the sign rule: "-0.00" (a tiny negative, or −0) reads "0.00", "-1.50" reads "−1.50". */
function signRule(text: string): string {
  if (!text.startsWith('-')) return text;
  return /[1-9]/.test(text) ? `${MINUS}${text.slice(1)}` : text.slice(1);
}

/**
 * Money smaller than this is float noise from summing fills (1e-13 left of a flat trade), not an amount:
 * it reads 0.00. Sub-cent amounts above it keep their digits (a fee of 0.0064 USDT).
 */
const MONEY_NOISE = 5e-9;

const cache = new Map<string, Intl.NumberFormat>();

function formatter(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let found = cache.get(key);
  if (!found) {
    found = new Intl.NumberFormat('en-US', options);
    cache.set(key, found);
  }
  return found;
}

/** A price: 2 decimals from 1,000 up, 4 from 1, otherwise 4 significant digits (0.00001234). */
export function formatPrice(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const magnitude = Math.abs(value);
  if (magnitude >= 1_000) return signRule(formatter({ minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value));
  if (magnitude >= 1) return signRule(formatter({ minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(value));
  if (magnitude === 0) return '0';
  return signRule(formatter({ maximumSignificantDigits: 4 }).format(value));
}

/** A price to the market's precision when it is known (64,250.50 on a 0.01 tick), else as formatPrice. */
export function formatMarketPrice(value: number, decimals: number | undefined): string {
  if (decimals === undefined || !Number.isFinite(value)) return formatPrice(value);
  return signRule(formatter({ minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value));
}

/** A quantity: up to 8 decimals, trailing zeros dropped (0.015, 1,250). */
export function formatQuantity(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return signRule(formatter({ maximumFractionDigits: 8 }).format(value));
}

/**
 * Money in the quote currency, 2 decimals (more for amounts under a cent); `signed` adds + to gains.
 * `decimals`: the money decimals the core gave for its market (`moneyDecimals`, 8 for a BTC quote: satoshis), read exactly.
 */
export function formatMoney(value: number, currency: string, signed = false, decimals = 2): string {
  if (!Number.isFinite(value)) return `— ${currency}`;
  const magnitude = Math.abs(value);
  const fixed = formatter({ minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  const text = signRule(decimals === 2 && magnitude >= MONEY_NOISE && magnitude < 0.01 ? formatter({ maximumSignificantDigits: 2 }).format(value) : fixed.format(value));
  const plus = signed && value > 0 && /[1-9]/.test(text) ? '+' : '';
  return `${plus}${text} ${currency}`;
}

/** A percentage with 2 decimals and a sign: +1.25%, -0.55%. */
export function formatPercent(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const text = signRule(formatter({ minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value));
  return `${value > 0 && text !== '0.00' ? '+' : ''}${text}%`;
}

/** A loss limit in % as the trader set it, read as a loss: 3 → "−3%", 2.5 → "−2.5%" (no float noise). */
export function formatLossLimit(limitPct: number): string {
  return `${MINUS}${formatter({ maximumFractionDigits: 4 }).format(Math.abs(limitPct))}%`;
}

/**
 * A P&L period as a phone line whose parts add up: net = realized after fees + unrealized − the entry
 * fees of open positions; every fee paid is said last, apart (most of it is already in realized).
 */
export function pnlBreakdown(label: string, figures: { readonly net: number; readonly realized: number; readonly unrealized: number; readonly openFees: number; readonly fees: number }, quote: string): string {
  const openFees = figures.openFees > 0 ? `, entry fees of open positions ${formatMoney(-figures.openFees, quote)}` : '';
  return `${label}: ${formatMoney(figures.net, quote, true)} (realized after fees ${formatMoney(figures.realized, quote, true)}, unrealized ${formatMoney(figures.unrealized, quote, true)}${openFees}; fees paid in all ${formatMoney(figures.fees, quote)})`;
}

/** `paper` → PAPER; `<exchange>:<label>` → LIVE <exchange>:<label>. */
export function accountName(account: string): string {
  return account === 'paper' ? 'PAPER' : `LIVE ${account}`;
}

/** The accounts trading now, e.g. `PAPER` or `PAPER + LIVE binance:main`, for alerts about the whole desk. */
export function deskName(liveAccounts: readonly string[]): string {
  return ['PAPER', ...liveAccounts.map((account) => `LIVE ${account}`)].join(' + ');
}

/** `2024-03-31 07:00 CEST` in the trader's time zone. */
export function formatLocalTime(time: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(time);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
}

/** Room kept in each part for its `(part 2 of 3)` line and a queue's note of dropped alerts. */
const PART_RESERVE = 120;

/**
 * `text` as messages of at most `max` characters, cut between lines (a line longer than a part is cut
 * itself), each but a lone one ending with `(part n of N)`: a long report reaches a service with a small
 * message limit whole, in order, instead of cut off at the limit.
 */
export function splitForService(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const room = Math.max(1, max - PART_RESERVE);
  const parts: string[] = [];
  let current = '';
  for (const whole of text.split('\n')) {
    let line = whole;
    while (line.length > room) {
      if (current) parts.push(current);
      current = '';
      parts.push(line.slice(0, room));
      line = line.slice(room);
    }
    const joined = current ? `${current}\n${line}` : line;
    if (joined.length > room) {
      parts.push(current);
      current = line;
    } else current = joined;
  }
  if (current) parts.push(current);
  return parts.map((part, index) => `${part}\n(part ${index + 1} of ${parts.length})`);
}

/** Cuts `text` to `max` characters, ending with an ellipsis when it had to cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
