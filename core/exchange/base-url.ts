/**
 * Where an account's REST calls may go: `https://` to any host, or plain `http://` only to this
 * machine (127.0.0.1, localhost, [::1]) — a loopback test venue or a local proxy. Anything else would
 * send signed requests (and the key in a header) in clear text over a network.
 */
export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/** Why `text` is not an acceptable venue base URL, naming `field`; null when it is. */
export function baseUrlProblem(text: string, field = 'baseUrl'): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${field} must be a URL such as https://api.example.com (got "${text}")`;
  }
  if (url.username || url.password) return `${field} must not carry a user name or password`;
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') {
    return LOOPBACK_HOSTS.includes(url.hostname) ? null : `${field} may use http:// only for a venue on this machine (127.0.0.1, localhost, [::1]); use https:// for ${url.hostname}`;
  }
  return `${field} must start with https:// (or http:// for a venue on this machine), not ${url.protocol}//`;
}
