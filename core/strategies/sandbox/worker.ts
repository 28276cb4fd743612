import { parentPort } from 'node:worker_threads';
import { SandboxCallError, sandboxRequestSchema, type SandboxResponse } from './protocol.js';
import { StrategySandboxSession } from './session.js';

/**
 * The sandbox's own thread: one QuickJS session, one request at a time. The trader's code runs only
 * here, inside QuickJS; this thread's Node APIs are never reachable from it (QuickJS has no bindings).
 * While it computes, the host's event loop — the API, the emergency stop, every other strategy —
 * goes on; the host stops this thread from outside if an answer is late (client.ts).
 */
const port = parentPort;
if (port === null) throw new Error('the strategy sandbox runs as a worker thread');
const session = StrategySandboxSession.open();
// Budgets count from here: the host sends nothing before the engine is up.
void session.then(() => port.postMessage({ ready: true }));

port.on('message', (message: unknown) => {
  void session.then((sandbox) => {
    const parsed = sandboxRequestSchema().safeParse(message);
    if (!parsed.success) return;
    const request = parsed.data;
    let response: SandboxResponse;
    try {
      const text = request.kind === 'load' ? sandbox.load(request.libraries, request.bundle, request.budgetMs) : sandbox.call(request.operation, request.args, request.budgetMs);
      response = { id: request.id, ok: true, text };
    } catch (error) {
      const fatal = error instanceof SandboxCallError ? error.fatal : true;
      response = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error), fatal };
    }
    port.postMessage(response);
  });
});
