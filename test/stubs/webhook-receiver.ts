import { createHmac, timingSafeEqual } from 'node:crypto';
import { isRecord, json, LoopbackServer, parseJson, type StubAnswer, type StubRequest } from './loopback-server.js';

/**
 * A receiver of Halyard's signed webhook, verifying it the way the README tells integrators to:
 * HMAC-SHA256 of "<X-Halyard-Timestamp>.<raw body>" with the shared secret, hex, compared in constant
 * time against X-Halyard-Signature (`sha256=…`); a timestamp more than 300 s from now is refused
 * (replay); a delivery id seen before is refused. It is the receiving side, not a copy of the sender.
 * A receiver that does the work and then fails to answer 2xx (`takeThenFail`: its reply lost, its own
 * store failing after the side effect) gets the same alert again: X-Halyard-Message (and `messageId`
 * in the body) say it is the same alert.
 */
export interface WebhookDelivery {
  readonly id: string;
  /** X-Halyard-Message: the alert's id, the same on every attempt. */
  readonly messageId: string;
  readonly kind: string;
  readonly level: string;
  readonly text: string;
  readonly at: number;
}

export class WebhookReceiver extends LoopbackServer {
  readonly deliveries: WebhookDelivery[] = [];
  readonly refused: { reason: string; at: number }[] = [];
  private readonly seen = new Set<string>();
  /** Status to answer with instead of 204 (e.g. 429 or 503), with an optional Retry-After. */
  respondWith: { status: number; retryAfter?: number } | null = null;
  /** The next this many alerts are taken (recorded) and then answered 503, as by a receiver whose reply did not make it. */
  takeThenFail = 0;

  constructor(private readonly secret: string) {
    super();
  }

  endpoint(path = '/hooks/halyard'): string {
    return `${this.url}${path}`;
  }

  protected handle(request: StubRequest): StubAnswer {
    if (request.method !== 'POST') return json(405, { error: 'POST only' });
    const timestamp = String(request.headers['x-halyard-timestamp'] ?? '');
    const signature = String(request.headers['x-halyard-signature'] ?? '');
    const delivery = String(request.headers['x-halyard-delivery'] ?? '');
    const refuse = (reason: string) => {
      this.refused.push({ reason, at: Date.now() });
      return json(401, { error: reason });
    };
    if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return refuse('stale or missing timestamp');
    const expected = Buffer.from(`sha256=${createHmac('sha256', this.secret).update(`${timestamp}.${request.body}`).digest('hex')}`);
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse('bad signature');
    if (!delivery || this.seen.has(delivery)) return refuse('replayed delivery');
    if (this.respondWith) return { status: this.respondWith.status, headers: this.respondWith.retryAfter !== undefined ? { 'retry-after': String(this.respondWith.retryAfter) } : {} };
    this.seen.add(delivery);
    const body = parseJson(request.body);
    const messageId = String(request.headers['x-halyard-message'] ?? '');
    if (!isRecord(body) || typeof body['text'] !== 'string' || typeof body['kind'] !== 'string' || typeof body['level'] !== 'string' || body['id'] !== delivery || body['messageId'] !== messageId) return json(400, { error: 'not a Halyard alert' });
    this.deliveries.push({ id: delivery, messageId, kind: body['kind'], level: body['level'], text: body['text'], at: Date.now() });
    if (this.takeThenFail > 0) {
      this.takeThenFail--;
      return json(503, { error: 'taken, but the answer failed' });
    }
    return { status: 204 };
  }
}
