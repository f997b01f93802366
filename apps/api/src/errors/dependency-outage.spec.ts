import { Client } from 'pg';
import { QueryFailedError } from 'typeorm';
import { isDependencyOutage } from './dependency-outage';

describe('isDependencyOutage', () => {
  it('recognises a database that refuses connections (a real socket error)', async () => {
    const client = new Client({ connectionString: 'postgres://u:p@127.0.0.1:1/none', connectionTimeoutMillis: 2_000 });
    const refused = await client.connect().catch((e: unknown) => e);
    expect(isDependencyOutage(refused)).toBe(true);
  });

  it.each([
    ['shutting down (57P03)', Object.assign(new Error('the database system is shutting down'), { code: '57P03' })],
    ['terminated by an administrator (57P01)', Object.assign(new Error('terminating connection'), { code: '57P01' })],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a wrapped driver error', new QueryFailedError('SELECT 1', [], Object.assign(new Error('x'), { code: '08006' }))],
    ['Temporal unavailable', Object.assign(new Error('14 UNAVAILABLE'), { code: 14, details: '', metadata: {} })],
  ])('recognises %s', (_name, error) => {
    expect(isDependencyOutage(error)).toBe(true);
  });

  it.each([
    ['a constraint violation', new QueryFailedError('INSERT', [], Object.assign(new Error('dup'), { code: '23505' }))],
    ['a programming error', new TypeError('x is undefined')],
    [
      'Temporal refusing a request',
      Object.assign(new Error('3 INVALID_ARGUMENT'), { code: 3, details: '', metadata: {} }),
    ],
    ['not an error at all', 'boom'],
  ])('leaves %s alone (it stays a 500, a bug)', (_name, error) => {
    expect(isDependencyOutage(error)).toBe(false);
  });
});
