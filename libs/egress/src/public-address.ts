/**
 * Which addresses a merchant-chosen URL may reach: public unicast only. Everything else (loopback,
 * private, link-local, CGNAT, benchmarking, documentation, multicast, reserved, and IPv6 forms that
 * embed or translate to them) is refused, so webhooks cannot be aimed at the platform's own network.
 */
import ipaddr from 'ipaddr.js';

/** IPv6 global unicast as allocated (RFC 4291 2000::/3); outside it nothing is a public destination. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/** Names that never denote a public host, whatever a resolver says about them. */
const LOCAL_SUFFIXES = [
  'localhost',
  'local',
  'localdomain',
  'internal',
  'intranet',
  'lan',
  'home',
  'home.arpa',
  'corp',
  'private',
  'arpa',
  'invalid',
  'test',
];

const unbracket = (host: string): string => host.replace(/^\[|\]$/g, '');

/** True only for a public unicast address (IPv4, or IPv6 in 2000::/3; IPv4-mapped by the IPv4 it carries). */
export function isPublicAddress(text: string): boolean {
  const raw = unbracket(text);
  if (!ipaddr.isValid(raw)) return false;
  const parsed = ipaddr.parse(raw);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return v4IsPublic(v6.toIPv4Address());
    // range() names NAT64 (rfc6052), 6to4, Teredo, site-local, ULA, documentation, ... ; only 'unicast' is public.
    return v6.range() === 'unicast' && v6.match(GLOBAL_UNICAST_V6);
  }
  return v4IsPublic(parsed as ipaddr.IPv4);
}

function v4IsPublic(v4: ipaddr.IPv4): boolean {
  // 'unicast' excludes private, loopback, link-local, CGNAT, 0/8, 198.18/15, documentation, 240/4, multicast, broadcast.
  return v4.range() === 'unicast';
}

/** True when `host` (a URL's hostname, IPv6 in brackets) is an IP literal. */
export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(unbracket(host)) && /^[\d.]+$|:/.test(unbracket(host));
}

/**
 * Why a URL's host can never be public, judged from its text alone (registration); null when it may
 * be (delivery still resolves and checks every address). WHATWG URL parsing has already normalised
 * IPv4 in decimal, octal or hex notation and IPv6 to their canonical forms.
 */
export function hostTextProblem(host: string): string | null {
  const h = host.toLowerCase();
  if (isIpLiteral(h)) return isPublicAddress(h) ? null : 'must point to a public host';
  if (h.endsWith('.')) return 'must not end with a dot';
  if (!h.includes('.')) return 'must point to a public host';
  if (LOCAL_SUFFIXES.some((s) => h === s || h.endsWith(`.${s}`))) return 'must point to a public host';
  return null;
}
