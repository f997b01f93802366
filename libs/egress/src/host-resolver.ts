/** Name resolution for outbound requests, injectable so tests can play a hostile DNS server. */
import { lookup } from 'node:dns/promises';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

export interface HostResolver {
  /** Every address the name resolves to now. */
  resolve(hostname: string): Promise<readonly ResolvedAddress[]>;
}

/** The operating system's resolver (what fetch would have used), asked for all addresses. */
export class SystemHostResolver implements HostResolver {
  async resolve(hostname: string): Promise<readonly ResolvedAddress[]> {
    const all = await lookup(hostname, { all: true, verbatim: true });
    return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  }
}

export const HOST_RESOLVER = Symbol('HOST_RESOLVER');
