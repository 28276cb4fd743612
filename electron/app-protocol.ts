import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { CustomScheme } from 'electron';
import { APP_SCHEME, resolveAppAsset } from './app-origin.js';
import { RENDERER_CSP } from './window.js';
import { STATIC_CONTENT_TYPES as MIME } from '../core/shell/static-types.js';

/**
 * `standard` gives the scheme a real origin (so `'self'` and the sender check work), `secure`
 * makes it a secure context. No `bypassCSP`, no `corsEnabled`, no service workers.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};


/** Headers every response of ours carries: the CSP travels with the page, not just in a meta tag. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': RENDERER_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

/**
 * Serves the built renderer for `halyard://app/...`. Reads through Electron's fs, which sees
 * inside app.asar; anything outside the renderer directory is a 404.
 */
export function createAppRequestHandler(
  rendererDir: string,
  read: (file: string) => Promise<Uint8Array> = readFile,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const file = resolveAppAsset(rendererDir, request.url);
    if (file === null) return new Response(null, { status: 404 });
    let body: Uint8Array;
    try {
      body = await read(file);
    } catch {
      return new Response(null, { status: 404 });
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: appResponseHeaders(file) });
  };
}
