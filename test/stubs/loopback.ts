import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What every venue stub shares: an HTTP server on 127.0.0.1 (a free port), connection tracking so
 * `close()` never waits on a keep-alive socket, and requests that take effect later — a backend that
 * timed out but writes the order `delayMs` afterwards on the test's clock (no real waiting).
 */
export abstract class LoopbackStub {
  url = '';
  protected readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly deferred: { at: number; run: () => void }[] = [];

  constructor(protected readonly delayClock: () => number) {
    this.server = createServer((req, res) => {
      this.runDue();
      void this.handle(req, res);
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  /** Hears each request as it arrives, before the stub handles it (benchmarks stamp the arrival time). */
  onArrival(listener: (method: string, url: string) => void): void {
    this.server.prependListener('request', (req: IncomingMessage) => listener(req.method ?? '', req.url ?? ''));
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

  /** Runs the deferred requests whose time has come on the delay clock (also done before every request). */
  runDue(): void {
    const now = this.delayClock();
    for (const item of this.deferred.filter((d) => d.at <= now)) {
      this.deferred.splice(this.deferred.indexOf(item), 1);
      item.run();
    }
  }

  /** The request takes effect `delayMs` from now; if the venue then refuses it, nothing exists (nobody hears the answer). */
  protected later(delayMs: number, run: () => unknown): void {
    this.deferred.push({
      at: this.delayClock() + delayMs,
      run: () => {
        try {
          run();
        } catch {
          // refused later: no order exists, exactly as if the request had been lost
        }
      },
    });
  }

  /** Websocket upgrades are refused: ccxt.pro falls back to REST polling. */
  protected refuseUpgrades(): void {
    this.server.on('upgrade', (_req, socket: Socket) => socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
  }
}
