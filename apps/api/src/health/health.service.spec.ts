import { probe } from './health.service';

describe('health probes', () => {
  it('say up or down, never what the driver said (hosts, users, versions stay in the log)', async () => {
    const logged: string[] = [];
    const down = await probe(
      'postgres',
      () => Promise.reject(new Error('password authentication failed for user "onboarding" at 10.1.2.3:5432')),
      (line) => logged.push(line),
    );
    expect(down).toEqual({ status: 'down', latencyMs: expect.any(Number), error: 'unreachable' });
    expect(JSON.stringify(down)).not.toMatch(/onboarding|10\.1\.2\.3|password/);
    expect(logged.join('\n')).toMatch(/postgres.*password authentication failed/);
    await expect(
      probe(
        'temporal',
        () => Promise.resolve(),
        () => undefined,
      ),
    ).resolves.toEqual({
      status: 'up',
      latencyMs: expect.any(Number),
    });
  });
});
