/**
 * The Content-Security-Policy the renderer runs under in every host (web host and Electron).
 * `connectSrc` is the only part that differs: the web host allows its own WebSocket, Electron
 * allows nothing because the renderer talks to the core over IPC.
 */
export function contentSecurityPolicy(connectSrc: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connectSrc}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
