/**
 * Which URLs a merchant may register: https to a host that can be public, on port 443 or one of
 * WEBHOOK_ALLOWED_PORTS. Plain http to localhost (any port) only when the configuration allows it (tests). What the text alone shows to be non-public (IP
 * literals in any notation, localhost and local names, trailing dots) is refused here; delivery
 * resolves the name again and refuses any non-public address (see @mo/egress).
 */
import { hostTextProblem, httpsPort } from '@mo/egress';

const LOCALHOST = ['localhost', '127.0.0.1', '[::1]'];

export function webhookUrlProblem(
  raw: string,
  allowLocalhost: boolean,
  allowedPorts: readonly number[],
): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not contain credentials';
  if (allowLocalhost && url.protocol === 'http:' && LOCALHOST.includes(url.hostname.toLowerCase())) return null;
  if (url.protocol !== 'https:') return 'must use https';
  if (!allowedPorts.includes(httpsPort(url))) {
    return allowedPorts.length === 1
      ? `must use port ${allowedPorts[0]}`
      : `must use one of ports ${allowedPorts.join(', ')}`;
  }
  return hostTextProblem(url.hostname);
}
