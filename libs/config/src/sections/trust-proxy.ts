/** Behind a load balancer: which hops may say who the client is (TRUST_PROXY). */
import ipaddr from 'ipaddr.js';
import type { Reader } from '../reader';

/** None (`false`), the last N hops, or the proxies at these addresses, CIDRs or Express names. */
export type TrustProxy = false | number | readonly string[];

/** Express's names for address ranges in `trust proxy`. */
const TRUST_PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY, the Express convention: a hop count (`1` behind one load balancer), or the proxies'
 * addresses and CIDRs (and `loopback`, `linklocal`, `uniquelocal`), comma-separated; unset or
 * `false`: the socket's address. `true` (every hop) is refused: any client could then pick the
 * address its rate limit and lockout are counted under.
 */
export function readTrustProxy(read: Reader): TrustProxy {
  const raw = read.optional('TRUST_PROXY');
  if (raw === null || raw === 'false' || raw === '0') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (raw === 'true') {
    read.problems.push(
      "TRUST_PROXY=true would believe any X-Forwarded-For a client sends: give the hop count or the proxies' addresses",
    );
    return false;
  }
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !TRUST_PROXY_NAMES.has(e) && !isAddressOrCidr(e));
  if (bad.length > 0) {
    read.problems.push(
      `TRUST_PROXY must be a hop count or addresses/CIDRs (or loopback, linklocal, uniquelocal), got ${bad.join(', ')}`,
    );
    return false;
  }
  return entries;
}

function isAddressOrCidr(entry: string): boolean {
  if (!entry.includes('/')) return ipaddr.isValid(entry);
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return false;
  }
}
