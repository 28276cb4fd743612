/**
 * Where an account's REST calls may go: `https://` to any host, or plain `http://` only to this
 * machine (127.0.0.1, localhost, [::1]) — a loopback test venue or a local proxy. Anything else would
 * send signed requests (and the key in a header) in clear text over a network.
 */
export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Why `text` is not an acceptable venue base URL, as said beside the field that holds it ("must start
 * with https://…"); null when it is. A message without its field names it first (`baseUrl must …`).
 */
export function baseUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be a URL such as https://api.example.com';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') {
    return LOOPBACK_HOSTS.includes(url.hostname) ? null : `may use http:// only for a venue on this machine (127.0.0.1, localhost, [::1]); use https:// for ${url.hostname}`;
  }
  return `must start with https:// (or http:// for a venue on this machine), not ${url.protocol}//`;
}
