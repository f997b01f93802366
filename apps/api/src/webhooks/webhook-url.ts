/**
 * Which URLs a merchant may register: https to a public host. Plain http to localhost only when
 * development allows it. Private, loopback and link-local addresses are refused, so webhooks
 * cannot be aimed at the platform's own network.
 */
import { isIP } from 'node:net';

const PRIVATE_V4 = [
  /^10\./,
  /^127\./,
  /^169\.254\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^192\.168\./,
  /^0\./,
  /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./,
];
const isPrivate = (host: string): boolean => {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.internal') || h.endsWith('.local')) return true;
  if (isIP(h) === 4) return PRIVATE_V4.some((r) => r.test(h));
  if (isIP(h) === 6)
    return h === '::1' || h === '::' || h.startsWith('fc') || h.startsWith('fd') || h.startsWith('fe80');
  return false;
};
const isLocalhost = (host: string): boolean => ['localhost', '127.0.0.1', '[::1]'].includes(host.toLowerCase());

export function webhookUrlProblem(raw: string, allowLocalhost: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not contain credentials';
  if (allowLocalhost && url.protocol === 'http:' && isLocalhost(url.hostname)) return null;
  if (url.protocol !== 'https:') return 'must use https';
  if (isPrivate(url.hostname)) return 'must point to a public host';
  return null;
}
