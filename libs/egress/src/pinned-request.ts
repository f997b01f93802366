/**
 * Resolve once, check every address, connect to the one checked: a POST whose socket goes to an
 * address the caller already vetted, never to whatever a second DNS answer says (DNS rebinding).
 * TLS still verifies the certificate against the URL's hostname (SNI and Host stay the name).
 */
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { HostResolver, ResolvedAddress } from './host-resolver';
import { isIpLiteral, isPublicAddress } from './public-address';

export class RefusedDestinationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedDestinationError';
  }
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const isLoopback = (a: string): boolean => a === '::1' || a.startsWith('127.') || a === '::ffff:127.0.0.1';

/** The port an https URL connects to (443 when it names none). */
export const httpsPort = (url: URL): number => (url.port === '' ? 443 : Number(url.port));

/**
 * The address to connect to for `url`: resolved now, refused (RefusedDestinationError) when any
 * address of the name is not public, or when its port is not among `allowedPorts`.
 * `allowLoopbackHttp` admits plain http to localhost on any port (tests).
 */
export async function vetDestination(
  url: URL,
  resolver: HostResolver,
  allowLoopbackHttp: boolean,
  allowedPorts: readonly number[],
): Promise<ResolvedAddress> {
  const host = url.hostname.toLowerCase();
  const literal = host.replace(/^\[|\]$/g, '');
  const loopbackHttp = allowLoopbackHttp && url.protocol === 'http:' && LOOPBACK_NAMES.includes(host);
  if (!loopbackHttp && url.protocol !== 'https:')
    throw new RefusedDestinationError(`refused: ${url.protocol} is not https`);
  if (url.username || url.password) throw new RefusedDestinationError('refused: credentials in the URL');
  const addresses: readonly ResolvedAddress[] = isIpLiteral(host)
    ? [{ address: literal, family: literal.includes(':') ? 6 : 4 }]
    : await resolver.resolve(literal);
  if (addresses.length === 0) throw new Error(`${literal} has no address`);
  const ok = loopbackHttp
    ? (a: ResolvedAddress) => isLoopback(a.address)
    : (a: ResolvedAddress) => isPublicAddress(a.address);
  const bad = addresses.find((a) => !ok(a));
  if (bad !== undefined) throw new RefusedDestinationError(`refused: ${literal} resolves to non-public ${bad.address}`);
  if (!loopbackHttp && !allowedPorts.includes(httpsPort(url)))
    throw new RefusedDestinationError(`refused: port ${httpsPort(url)} is not an allowed webhook port`);
  return addresses[0]!;
}

/** A lookup that answers only the vetted address (in either callback shape Node asks for). */
function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

export interface PinnedPost {
  readonly url: URL;
  readonly target: ResolvedAddress;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly timeoutMs: number;
}

/** POSTs to the vetted address; resolves with the status code (redirects are not followed; the body is not read). */
export function postPinned({ url, target, headers, body, timeoutMs }: PinnedPost): Promise<number> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const options: RequestOptions & { servername?: string } = {
    method: 'POST',
    hostname,
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    lookup: pinnedLookup(target),
    agent: false,
    signal: AbortSignal.timeout(timeoutMs),
  };
  if (!isIpLiteral(hostname)) options.servername = hostname;
  return new Promise<number>((resolve, reject) => {
    const req = send(options, (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.on('error', reject);
    req.end(body);
  });
}
