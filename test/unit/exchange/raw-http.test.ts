import { createServer, type AddressInfo, type Server } from 'node:net';
import { connect } from 'node:net';
import ccxt, { type Exchange } from 'ccxt';
import { afterEach, describe, expect, it } from 'vitest';
import { freshRequest, type SignedRequest } from '../../../core/exchange/fresh-request.js';
import { encodeRequest, exchangeOnSocket, ResponseParser } from '../../../core/exchange/raw-http.js';

describe('an HTTP/1.1 answer read from a socket', () => {
  const parse = (...parts: string[]) => {
    const parser = new ResponseParser();
    let done = null;
    for (const part of parts) done = parser.push(Buffer.from(part, 'latin1')) ?? done;
    return { done, parser };
  };

  it('by content-length, across chunks of any size, after an interim 100 Continue', () => {
    const whole = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\nX-Mbx-Used-Weight: 1\r\nX-Mbx-Used-Weight: 2\r\n\r\n{"orderId":7}';
    for (const cut of [1, 20, 30, 95, whole.length - 1]) {
      const { done } = parse(whole.slice(0, cut), whole.slice(cut));
      expect(done).toEqual({ status: 200, statusText: 'OK', headers: { 'content-type': 'application/json', 'content-length': '13', 'x-mbx-used-weight': '1, 2' }, body: '{"orderId":7}' });
    }
    expect(parse(whole.slice(0, -1)).done).toBeNull();
  });

  it('chunked, and up to the close when the venue gives no length', () => {
    const chunked = parse('HTTP/1.1 400 Bad Request\r\ntransfer-encoding: chunked\r\n\r\n5\r\n{"cod\r\n', '9;ext=1\r\ne":-2011}\r\n0\r\n\r\n');
    expect(chunked.done).toMatchObject({ status: 400, statusText: 'Bad Request', body: '{"code":-2011}' });
    const { done, parser } = parse('HTTP/1.0 503 Service Unavailable\r\n\r\nbusy');
    expect(done).toBeNull();
    expect(parser.end()).toMatchObject({ status: 503, body: 'busy' });
    expect(parse('HTTP/1.1 204 No Content\r\n\r\n').done).toMatchObject({ status: 204, body: '' });
  });

  it('refuses what is not HTTP', () => {
    expect(() => parse('SSH-2.0-OpenSSH_9.6\r\n\r\n')).toThrow(/not an HTTP\/1.1 status line/);
    expect(() => parse('HTTP/1.1 200 OK\r\nno colon here\r\n\r\n')).toThrow(/malformed header/);
  });
});

describe('a request written on a socket of its own', () => {
  let server: Server;
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('goes out as one HTTP/1.1 request with its headers and body, and the answer comes back', async () => {
    let received = '';
    server = createServer((socket) => {
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        if (received.endsWith('a=1&b=2')) socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const bytes = encodeRequest({ method: 'POST', target: '/v5/order/cancel', host: `127.0.0.1:${port}`, headers: { 'X-BAPI-API-KEY': 'key', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=2' });
    const answer = await exchangeOnSocket(socket, bytes, { method: 'POST', origin: 'http://127.0.0.1' }, 2_000);
    expect(answer).toMatchObject({ status: 200, body: '{}' });
    expect(received).toBe(`POST /v5/order/cancel HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nX-BAPI-API-KEY: key\r\nContent-Type: application/x-www-form-urlencoded\r\nconnection: close\r\naccept-encoding: identity\r\ncontent-length: 7\r\n\r\na=1&b=2`);
    expect(socket.destroyed).toBe(true);
    expect(() => encodeRequest({ method: 'GET', target: '/', host: 'h', headers: { 'X-Evil': 'a\r\nInjected: 1' } })).toThrow(/cannot be sent/);
  });
});

describe('a cancel built ahead, signed at send time', () => {
  const secret = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
  const signer = (client: Exchange, params: Record<string, unknown>) => () =>
    (client as unknown as { sign: (...args: unknown[]) => SignedRequest }).sign('order', 'private', 'DELETE', { ...params }, undefined, undefined);

  it("is byte for byte the request ccxt would sign for the same timestamp (Binance's SIGNED query)", () => {
    const client = new ccxt.binance({ apiKey: 'apikey123', secret }) as Exchange;
    let stamp = 1_700_000_000_000;
    client.nonce = () => stamp;
    const sign = signer(client, { symbol: 'BTCUSDT', orderId: '42' });
    const request = freshRequest({ sign, headersOf: (headers) => ({ ...(headers as Record<string, string>) }), secret, nonce: () => client.nonce() });
    stamp = 1_700_000_123_456;
    const built = request.build();
    const ccxtOwn = sign();
    expect(built.signed.url).toBe(ccxtOwn.url);
    expect(built.signed.url).toContain('timestamp=1700000123456');
    const target = ccxtOwn.url.slice(ccxtOwn.url.indexOf('/api/v3/order'));
    expect(built.bytes).toBe(`DELETE ${target} HTTP/1.1\r\nhost: api.binance.com\r\nX-MBX-APIKEY: apikey123\r\nconnection: close\r\naccept-encoding: identity\r\n\r\n`);
    expect(request.origin.origin).toBe('https://api.binance.com');
  });

  it("is signed by ccxt at send time where the venue signs otherwise (Bybit's headers)", () => {
    const client = new ccxt.bybit({ apiKey: 'apikey123', secret }) as Exchange;
    let stamp = 1_700_000_000_000;
    client.nonce = () => stamp;
    const sign = () => (client as unknown as { sign: (...args: unknown[]) => SignedRequest }).sign('v5/order/cancel', 'private', 'POST', { category: 'spot', symbol: 'BTCUSDT', orderId: '42' }, undefined, undefined);
    const request = freshRequest({ sign, headersOf: (headers) => Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)])), secret, nonce: () => client.nonce() });
    stamp = 1_700_000_123_456;
    const built = request.build();
    expect(built.signed.headers).toEqual(Object.fromEntries(Object.entries(sign().headers ?? {}).map(([k, v]) => [k, String(v)])));
    expect(built.bytes).toContain('X-BAPI-TIMESTAMP: 1700000123456');
  });
});
