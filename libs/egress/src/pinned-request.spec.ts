import type { HostResolver } from './host-resolver';
import { vetDestination } from './pinned-request';

const publicName: HostResolver = { resolve: async () => [{ address: '93.184.215.14', family: 4 }] };
const loopback: HostResolver = { resolve: async () => [{ address: '127.0.0.1', family: 4 }] };

describe('vetDestination: ports', () => {
  it('admits https on 443 (named or implied) only, unless more ports are allowed', async () => {
    for (const url of ['https://hooks.example.com/x', 'https://hooks.example.com:443/x']) {
      await expect(vetDestination(new URL(url), publicName, false, [443])).resolves.toMatchObject({
        address: '93.184.215.14',
      });
    }
    for (const port of [22, 80, 5432, 8443, 6379]) {
      await expect(
        vetDestination(new URL(`https://hooks.example.com:${port}/x`), publicName, false, [443]),
      ).rejects.toThrow(`refused: port ${port} is not an allowed webhook port`);
    }
    await expect(
      vetDestination(new URL('https://hooks.example.com:8443/x'), publicName, false, [443, 8443]),
    ).resolves.toMatchObject({ address: '93.184.215.14' });
    await expect(vetDestination(new URL('https://hooks.example.com/x'), publicName, false, [8443])).rejects.toThrow(
      /port 443/,
    );
  });

  it('plain http to localhost (the tests’ escape, refused in production) keeps any port', async () => {
    await expect(vetDestination(new URL('http://127.0.0.1:40123/x'), loopback, true, [443])).resolves.toMatchObject({
      address: '127.0.0.1',
    });
  });
});
