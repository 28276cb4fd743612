import { afterEach } from 'vitest';
import { createApiClient, type ApiClient } from '../../core/api/client.js';
import { serveApi } from '../../core/api/server.js';
import { createInMemoryPair } from '../../core/api/transport.js';
import type { TerminalConfigInput } from '../../core/app/config.js';
import { TerminalStorage } from '../../core/app/storage.js';
import { Terminal, type TerminalDependencies } from '../../core/app/terminal.js';

/**
 * A real Terminal behind the real API server and client, over the in-memory transport. `callTimeoutMs` bounds
 * one call: raise it for calls that do seconds of CPU work (a sandbox or training thread started from source).
 */
export async function apiTerminal(
  config: Partial<TerminalConfigInput> = {},
  dependencies: TerminalDependencies = { storage: TerminalStorage.inMemory() },
  { callTimeoutMs = 30_000 }: { callTimeoutMs?: number } = {},
): Promise<{ terminal: Terminal; api: ApiClient; close(): Promise<void> }> {
  const terminal = await Terminal.create({ dataDir: '/unused', speed: 600, tickMs: 20, ...config }, dependencies);
  const [serverEnd, clientEnd] = createInMemoryPair();
  const stop = serveApi(serverEnd, terminal.handlers, terminal.events, { batchMs: 0 });
  const client = createApiClient(clientEnd, { timeoutMs: callTimeoutMs });
  return {
    terminal,
    api: client,
    async close() {
      stop();
      client.dispose();
      await terminal.close();
    },
  };
}

/** Polls until `done` holds (market data arrives in real time, so tests wait for it, bounded). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type ApiTerminal = Awaited<ReturnType<typeof apiTerminal>>;

/**
 * For a test file whose tests each run one terminal on the simulated market: `start()` gives a terminal past
 * its start-up reconciliation, closed after the test.
 */
export function terminalPerTest(config: Partial<TerminalConfigInput> = {}): { start(): Promise<ApiTerminal> } {
  let current: ApiTerminal | null = null;
  afterEach(async () => {
    await current?.close();
    current = null;
  });
  return {
    async start() {
      current = await apiTerminal(config);
      const { api } = current;
      await until(() => api.call('risk.state', {}), (state) => !state.reconciling, 'start-up reconciliation');
      return current;
    },
  };
}
