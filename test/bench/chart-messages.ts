/**
 * What reaches the app's page on its WebSocket per feed tick, and when (a diagnostic beside `npm run bench
 * chart`): each message with its arrival time as Chromium's network stack stamps it (ms, relative to the
 * first), its size and the events in it — one envelope, or a tick's events as a JSON array (the renderer's
 * socket asks for those: `batch=1`, core/host/socket-frames.ts). Messages of one tick spread over more
 * than a frame (16.7 ms) are laid out and painted in more than one.
 * Run: `npx tsx test/bench/chart-messages.ts` (needs `npm run build:renderer`; MESSAGES_WINDOW_MS, default 2000).
 */
import { closeSession } from './chart-session.js';
import { appWithIndicators } from './chart-probe.js';

const WINDOW_MS = Number(process.env.MESSAGES_WINDOW_MS ?? 2_000);
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

interface Envelope {
  type?: string;
  id?: number;
  name?: string;
  payload?: { updates?: unknown[] };
}

function describe(data: string): string {
  let parsed: Envelope | Envelope[];
  try {
    parsed = JSON.parse(data) as Envelope | Envelope[];
  } catch {
    return '(not JSON)';
  }
  const name = (e: Envelope) => (e.type === 'response' ? `response ${e.id ?? '?'}` : `${e.name ?? '?'}${e.payload?.updates ? `(${e.payload.updates.length})` : ''}`);
  return Array.isArray(parsed) ? `[${parsed.map(name).join(', ')}]` : name(parsed);
}

async function main(): Promise<void> {
  const { app, browser, page } = await appWithIndicators(20_000);
  try {
    await sleep(2_000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const lines: { at: number; text: string }[] = [];
    cdp.on('Network.webSocketFrameReceived', (frame: { timestamp: number; response: { payloadData: string } }) => {
      lines.push({ at: frame.timestamp * 1000, text: `${String(frame.response.payloadData.length).padStart(6)} B ${describe(frame.response.payloadData)}` });
    });
    await sleep(WINDOW_MS);
    const origin = lines[0]?.at ?? 0;
    process.stdout.write(lines.map((line) => `${(line.at - origin).toFixed(1).padStart(8)} ms ${line.text}`).join('\n') + '\n');
  } finally {
    await closeSession(null, browser, app);
  }
}

void main();
