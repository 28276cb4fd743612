import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { headerOf, readBody } from './http.js';

/**
 * A loopback stub of the few Kraken spot REST endpoints a live account needs for its dead-man
 * timer (`POST /0/private/CancelAllOrdersAfter`), with Kraken's real envelope `{error:[],result}`.
 * Kraken is used because ccxt's binance has no cancel-all-after timer. Private calls are checked
 * like Kraken does: `API-Key` header and `API-Sign` = base64(HMAC-SHA512(base64-decoded secret,
 * path + SHA256(nonce + body))). Websocket upgrades are refused (so ccxt.pro falls back to REST).
 */
export interface KrakenStubRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly apiKey: string | null;
  status: number | null;
}

const PAIR = {
  altname: 'XBTUSDT', wsname: 'XBT/USDT', aclass_base: 'currency', base: 'XXBT', aclass_quote: 'currency', quote: 'USDT', lot: 'unit',
  cost_decimals: '5', pair_decimals: '1', lot_decimals: '8', lot_multiplier: '1', leverage_buy: [2, 3], leverage_sell: [2, 3],
  fees: [[0, 0.26], [50_000, 0.24]], fees_maker: [[0, 0.16], [50_000, 0.14]], fee_volume_currency: 'ZUSD', margin_call: '80', margin_stop: '40',
  ordermin: '0.0001', costmin: '0.5', tick_size: '0.1', status: 'online',
};
const ASSETS = {
  XXBT: { aclass: 'currency', altname: 'XBT', decimals: 10, display_decimals: 5, collateral_value: '1', status: 'enabled' },
  USDT: { aclass: 'currency', altname: 'USDT', decimals: 8, display_decimals: 4, collateral_value: '1', status: 'enabled' },
};

export class KrakenStub {
  readonly apiKey = 'stub-kraken-key-0001';
  readonly secret = Buffer.from('stub-kraken-secret-0001-0123456789').toString('base64');
  readonly requests: KrakenStubRequest[] = [];
  /** Fails the next N CancelAllOrdersAfter calls with a 503 (a retried heartbeat). */
  failTimerCalls = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  url = '';

  constructor() {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('upgrade', (_req, socket: Socket) => socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The `timeout` (seconds) of every accepted CancelAllOrdersAfter call, in order. */
  timerCalls(): number[] {
    return this.requests.filter((r) => r.path === '/0/private/CancelAllOrdersAfter' && r.status === 200).map((r) => Number(r.params['timeout']));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stub');
    const body = await readBody(req);
    const params = Object.fromEntries([...new URLSearchParams(url.search), ...new URLSearchParams(body)]);
    const apiKey = typeof req.headers['api-key'] === 'string' ? req.headers['api-key'] : null;
    const entry: KrakenStubRequest = { method: req.method ?? 'GET', path: url.pathname, params, apiKey, status: null };
    this.requests.push(entry);
    const send = (status: number, payload: unknown) => {
      entry.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (url.pathname.startsWith('/0/private/')) {
      const problem = this.authenticate(apiKey, headerOf(req, 'api-sign'), url.pathname, params['nonce'], body);
      if (problem) return send(200, { error: [problem] });
    }
    switch (`${entry.method} ${url.pathname}`) {
      case 'GET /0/public/Assets':
        return send(200, { error: [], result: ASSETS });
      case 'GET /0/public/AssetPairs':
        return send(200, { error: [], result: { XBTUSDT: PAIR } });
      case 'POST /0/private/BalanceEx':
        return send(200, { error: [], result: { XXBT: { balance: '0.0100000000', hold_trade: '0.0000000000' }, USDT: { balance: '1000.00000000', hold_trade: '0.00000000' } } });
      case 'POST /0/private/OpenOrders':
        return send(200, { error: [], result: { open: {} } });
      case 'POST /0/private/ClosedOrders':
        return send(200, { error: [], result: { closed: {}, count: 0 } });
      case 'POST /0/private/CancelAllOrdersAfter': {
        if (this.failTimerCalls > 0) {
          this.failTimerCalls--;
          return send(503, { error: ['EService:Unavailable'] });
        }
        const now = new Date();
        const trigger = new Date(now.getTime() + Number(params['timeout'] ?? 0) * 1000);
        const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
        return send(200, { error: [], result: { currentTime: iso(now), triggerTime: Number(params['timeout']) > 0 ? iso(trigger) : '0' } });
      }
      default:
        return send(404, { error: [`EGeneral:Unknown method ${url.pathname}`] });
    }
  }

  private authenticate(apiKey: string | null, signature: string | null, path: string, nonce: string | undefined, body: string): string | null {
    if (apiKey !== this.apiKey) return 'EAPI:Invalid key';
    if (!nonce || !signature) return 'EAPI:Invalid nonce';
    const hash = createHash('sha256').update(nonce + body).digest();
    const expected = createHmac('sha512', Buffer.from(this.secret, 'base64')).update(Buffer.concat([Buffer.from(path), hash])).digest('base64');
    return signature === expected ? null : 'EAPI:Invalid signature';
  }
}

export async function startKrakenStub(): Promise<KrakenStub> {
  return new KrakenStub().start();
}
