/**
 * Webhook signing secrets at rest, on a real PostgreSQL: encrypted under the payload codec's key ring
 * (bound to their endpoint), plaintext rows from before and rows under a rotated-out key are
 * re-encrypted under the active key, and the clear secret is only ever what the repository returns.
 */
import type { DataSource } from 'typeorm';
import { loadConfig } from '@mo/config';
import { WebhookRepository } from '@mo/persistence';
import { connectDatabase, databaseUrl } from '../support/database';

let db: DataSource;
beforeAll(async () => {
  db = await connectDatabase();
});
afterAll(async () => {
  await db.destroy();
});

const KEYS = `current:${Buffer.alloc(32, 7).toString('base64')},retired:${Buffer.alloc(32, 3).toString('base64')}`;
const ring = (active: string) =>
  new WebhookRepository(
    db,
    loadConfig({ DATABASE_URL: databaseUrl(), TEMPORAL_CODEC_KEYS: KEYS, TEMPORAL_CODEC_ACTIVE_KEY: active }),
  );
async function stored(id: string): Promise<string> {
  const rows: { secret: string }[] = await db.query('SELECT secret FROM webhook_endpoints WHERE id = $1', [id]);
  return rows[0]!.secret;
}
const merchant = (): string => `wh-secret-${Math.random().toString(36).slice(2, 8)}`;

describe('webhook signing secrets at rest', () => {
  it('are stored encrypted under the active key; the repository gives them back in clear', async () => {
    const repo = ring('current');
    const created = await repo.createWithin(merchant(), 'https://hooks.example.com/a', 5);
    expect(created!.secret).toMatch(/^whsec_/);
    const raw = await stored(created!.id);
    expect(raw).toMatch(/^enc:v1:current:/);
    expect(raw).not.toContain(created!.secret);
    expect((await repo.findActive(created!.id))!.secret).toBe(created!.secret);
  });

  it('an encrypted secret copied onto another endpoint does not decrypt there', async () => {
    const repo = ring('current');
    const a = await repo.create(merchant(), 'https://hooks.example.com/a');
    const b = await repo.create(merchant(), 'https://hooks.example.com/b');
    await db.query('UPDATE webhook_endpoints SET secret = $2 WHERE id = $1', [b.id, await stored(a.id)]);
    await expect(repo.findActive(b.id)).rejects.toThrow();
  });

  it('rotation: a secret under a retired key still opens, and is re-encrypted under the active key when read', async () => {
    const before = await ring('retired').create(merchant(), 'https://hooks.example.com/r');
    expect(await stored(before.id)).toMatch(/^enc:v1:retired:/);
    expect((await ring('current').findActive(before.id))!.secret).toBe(before.secret);
    expect(await stored(before.id)).toMatch(/^enc:v1:current:/);
  });

  it('plaintext rows from before are encrypted lazily on read, and all at once by sealStoredSecrets', async () => {
    // Written as the repository did before secrets were encrypted (no key ring).
    const legacy = new WebhookRepository(db);
    const read = await legacy.create(merchant(), 'https://hooks.example.com/l1');
    const swept = await legacy.create(merchant(), 'https://hooks.example.com/l2');
    expect(await stored(read.id)).toBe(read.secret);

    const repo = ring('current');
    expect((await repo.findActive(read.id))!.secret).toBe(read.secret);
    expect(await stored(read.id)).toMatch(/^enc:v1:current:/);

    expect(await repo.sealStoredSecrets()).toBeGreaterThanOrEqual(1);
    expect(await stored(swept.id)).toMatch(/^enc:v1:current:/);
    expect((await repo.findActive(swept.id))!.secret).toBe(swept.secret);
    for (const id of [read.id, swept.id]) expect(await stored(id)).not.toMatch(/whsec_/);
  });
});
