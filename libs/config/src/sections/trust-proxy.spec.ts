/** TRUST_PROXY, the Express convention: a hop count or the proxies' addresses; never "every hop". */
import { loadConfig } from '../config';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', NODE_ENV: 'test' };
const trustProxy = (value?: string): unknown =>
  loadConfig(value === undefined ? base : { ...base, TRUST_PROXY: value }).api.trustProxy;

describe('TRUST_PROXY', () => {
  it('trusts no hop unless told: the socket address is the client', () => {
    expect(trustProxy()).toBe(false);
    expect(trustProxy('false')).toBe(false);
    expect(trustProxy('0')).toBe(false);
  });

  it('takes a hop count, or addresses, CIDRs and Express range names', () => {
    expect(trustProxy('2')).toBe(2);
    expect(trustProxy('10.0.0.0/8, 192.168.1.7,fd00::/8, loopback')).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses every hop and anything that is not an address, naming the variable', () => {
    expect(() => trustProxy('true')).toThrow(/TRUST_PROXY=true/);
    expect(() => trustProxy('10.0.0.0/33,lb.internal')).toThrow(/TRUST_PROXY .*10\.0\.0\.0\/33, lb\.internal/);
  });
});
