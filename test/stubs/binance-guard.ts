import { createHmac } from 'node:crypto';
import { BinanceApiError } from './binance-errors.js';
import { mandatory } from './binance-rules.js';

/**
 * The checks Binance runs before an endpoint sees a request, per
 * https://github.com/binance/binance-spot-api-docs/blob/master/rest-api.md:
 *  - "Request Security": X-MBX-APIKEY must be a known key (-2015), `signature` must be the
 *    HMAC-SHA256 of the query string concatenated with the body (-1022);
 *  - "Timing security": `timestamp` mandatory; `recvWindow` defaults to 5000 and may not exceed
 *    60000; the request is processed only if timestamp < serverTime + 1000 and
 *    serverTime − timestamp <= recvWindow, else -1021;
 *  - "IP Limits": each endpoint's weight counts against REQUEST_WEIGHT per minute; over it the
 *    venue answers 429 with Retry-After (seconds until the limit resets), and "repeatedly violating
 *    rate limits and/or failing to back off after receiving 429s will result in an automated IP ban
 *    (HTTP status 418)" with Retry-After until the ban is over ("from 2 minutes to 3 days").
 *    The doc does not say how many ignored 429s make a ban; the stub bans on the second request
 *    that arrives inside the Retry-After window (`ignoredRetryAfterBeforeBan`).
 */
export class BinanceGuard {
  /** REQUEST_WEIGHT per minute (exchangeInfo publishes 6000; tests lower it to reach the limit). */
  weightLimit = 6000;
  /** ORDERS per 10 seconds (exchangeInfo's "ORDERS" limiter): -1015 with a 429 beyond it. */
  ordersPer10s = 100;
  ignoredRetryAfterBeforeBan = 2;
  banSeconds = 120;
  private window = -1;
  private used = 0;
  private limitedUntil = 0;
  private ignored = 0;
  private bannedUntil = 0;
  private readonly orderTimes: number[] = [];

  constructor(
    private readonly apiKey: string,
    private readonly secret: string,
    private readonly now: () => number,
  ) {}

  /** Weight used in the current minute (sent back as X-MBX-USED-WEIGHT-1M). */
  get usedWeight(): number {
    return this.window === Math.floor(this.now() / 60_000) ? this.used : 0;
  }

  /** Counts a request's weight; throws the 429 or 418 the venue would answer. */
  spend(weight: number): void {
    const now = this.now();
    if (now < this.bannedUntil) throw this.ban(now);
    if (now < this.limitedUntil) {
      this.ignored += 1;
      if (this.ignored >= this.ignoredRetryAfterBeforeBan) {
        this.bannedUntil = now + this.banSeconds * 1000;
        throw this.ban(now);
      }
      throw this.tooMuch(now);
    }
    const window = Math.floor(now / 60_000);
    if (window !== this.window) [this.window, this.used] = [window, 0];
    this.used += weight;
    if (this.used > this.weightLimit) {
      this.limitedUntil = (window + 1) * 60_000;
      this.ignored = 0;
      throw this.tooMuch(now);
    }
  }

  /** One more new order; -1015 past the ORDERS limiter (placed orders only). */
  countOrder(): void {
    const now = this.now();
    while (this.orderTimes.length > 0 && this.orderTimes[0]! <= now - 10_000) this.orderTimes.shift();
    if (this.orderTimes.length >= this.ordersPer10s) throw new BinanceApiError(429, -1015, `Too many new orders; current limit is ${this.ordersPer10s} orders per 10 SECOND.`, { 'retry-after': '10' });
    this.orderTimes.push(now);
  }

  /** API key, signature and timing of a SIGNED request. */
  authenticate(apiKey: string | null, query: string, body: string, params: URLSearchParams): void {
    if (apiKey !== this.apiKey) throw new BinanceApiError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
    const strip = (text: string) => text.replace(/&?signature=[0-9a-fA-F]+/, '');
    const signature = params.get('signature');
    if (!signature) throw mandatory('signature');
    const expected = createHmac('sha256', this.secret).update(strip(query) + strip(body)).digest('hex');
    // "Signatures generated using HMAC are not case-sensitive."
    if (signature.toLowerCase() !== expected) throw new BinanceApiError(400, -1022, 'Signature for this request is not valid.');
    this.checkTiming(params);
  }

  private checkTiming(params: URLSearchParams): void {
    const stamp = params.get('timestamp');
    if (!stamp || !/^\d+$/.test(stamp)) throw mandatory('timestamp');
    // "Timestamp parameters … can be passed in milliseconds or microseconds."
    const timestamp = stamp.length >= 16 ? Number(stamp) / 1000 : Number(stamp);
    const recvWindow = params.has('recvWindow') ? Number(params.get('recvWindow')) : 5000;
    if (!Number.isFinite(recvWindow) || recvWindow <= 0 || recvWindow > 60_000) throw new BinanceApiError(400, -1102, "'recvWindow' contains unexpected value. Cannot be greater than 60000.");
    const serverTime = this.now();
    if (timestamp >= serverTime + 1000) throw new BinanceApiError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
    if (serverTime - timestamp > recvWindow) throw new BinanceApiError(400, -1021, 'Timestamp for this request is outside of the recvWindow.');
  }

  private tooMuch(now: number): BinanceApiError {
    const retry = Math.max(1, Math.ceil((this.limitedUntil - now) / 1000));
    return new BinanceApiError(429, -1003, `Too much request weight used; current limit is ${this.weightLimit} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`, { 'retry-after': String(retry) });
  }

  private ban(now: number): BinanceApiError {
    const retry = Math.max(1, Math.ceil((this.bannedUntil - now) / 1000));
    return new BinanceApiError(418, -1003, `Way too much request weight used; IP banned until ${this.bannedUntil}. Please use WebSocket Streams for live updates to avoid bans.`, { 'retry-after': String(retry) });
  }
}
