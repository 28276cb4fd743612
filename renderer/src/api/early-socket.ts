/**
 * The page's WebSocket, opened by its first, tiny script (early.ts) before the workspace's code is even
 * parsed, with the chart's first history asked for in its address (`history=`, answered as request id 0
 * as soon as the host accepts the socket — web-host.ts): the core answers while the rest of the page
 * loads, and the request does not wait for the socket's `open` event, which queues behind the workspace's code. The transport adopts the socket when it starts (`adoptEarlySocket`), with what came
 * meanwhile; the chart takes the answer (`takeEarlyHistory`). Nothing here imports the contract (zod):
 * this code runs before that is loaded.
 */

/** The id the host answers the address's history request with (web-host.ts): the API client numbers its own requests from 1. */
const EARLY_ID = 0;
/** The answer starts so (the host serializes a response as { type, id, ok, … }): found without parsing. */
const ANSWER_PREFIX = `{"type":"response","id":${EARLY_ID},`;

export interface EarlyHistoryArgs {
  readonly symbol: string;
  readonly timeframe: string;
  readonly limit: number;
}

interface Early {
  readonly url: string;
  readonly socket: WebSocket;
  readonly args: EarlyHistoryArgs;
  /** Messages that came before the transport adopted the socket (parsed), in order. */
  readonly received: unknown[];
  /** The history request's answer envelope as the host sent it (parsed), or null if the socket closed first. */
  readonly answer: Promise<unknown>;
  adopted: boolean;
  answerTaken: boolean;
}

let early: Early | null = null;

/**
 * The web host's API address for this page (the token comes from the page URL the host printed); `batch=1`:
 * a tick's events come as one message, a JSON array of envelopes (core/host/socket-frames.ts).
 */
export function apiSocketUrl(): string {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  return `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api?token=${encodeURIComponent(token)}&batch=1`;
}

/** Opens the socket, asking for `args`' history in its address. */
export function openEarlySocket(args: EarlyHistoryArgs): void {
  const url = apiSocketUrl();
  const socket = new WebSocket(`${url}&history=${encodeURIComponent(JSON.stringify(args))}`);
  const received: unknown[] = [];
  let settle: (answer: unknown) => void = () => undefined;
  const answer = new Promise<unknown>((resolve) => (settle = resolve));
  const state: Early = { url, socket, args, received, answer, adopted: false, answerTaken: false };
  socket.addEventListener('close', () => settle(null));
  socket.addEventListener('message', (event: MessageEvent<string>) => {
    if (typeof event.data === 'string' && event.data.startsWith(ANSWER_PREFIX)) return settle(parse(event.data));
    if (state.adopted) return;
    const parsed = parse(event.data);
    if (parsed !== undefined) received.push(parsed);
  });
  early = state;
}

function parse(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The early socket for `url`, once (null when there is none, it is for another address, or it closed),
 * with the messages that came before; from now on the adopter handles its messages. The early history's
 * answer stays with `takeEarlyHistory` (`isEarlyAnswer` tells the adopter to leave it).
 */
export function adoptEarlySocket(url: string): { socket: WebSocket; received: unknown[] } | null {
  if (!early || early.adopted || early.url !== url || early.socket.readyState > WebSocket.OPEN) return null;
  early.adopted = true;
  return { socket: early.socket, received: early.received.splice(0) };
}

/** True for the early history request's answer (left to `takeEarlyHistory`). */
export function isEarlyAnswer(data: unknown): boolean {
  return typeof data === 'string' && data.startsWith(ANSWER_PREFIX);
}

/** The answer envelope to the early request for (symbol, timeframe), once; null if none was asked for that pair. */
export function takeEarlyHistory(symbol: string, timeframe: string): Promise<unknown> | null {
  if (!early || early.answerTaken || early.args.symbol !== symbol || early.args.timeframe !== timeframe) return null;
  early.answerTaken = true;
  return early.answer;
}
