import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The renderer is served from a privileged custom scheme instead of file:// (Electron security
 * guide, item 18): it gets a real origin, so `'self'` in the CSP means exactly our files and the
 * IPC sender check can compare origins instead of file paths.
 */
export const APP_SCHEME = 'halyard';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True only for URLs on our own origin, judged by the URL parser (never by string prefix). */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '' && parsed.port === '';
}

/**
 * Maps an app URL to a file under the built renderer, or null when the URL is foreign or would
 * escape that directory (encoded `..`, backslashes, absolute paths).
 */
export function resolveAppAsset(rendererDir: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const wanted = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = resolve(rendererDir);
  const file = resolve(root, wanted);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).includes('..')) return null;
  return file;
}
