/**
 * No tenant can starve the others: per merchant, open applications, document bytes across its
 * applications and profile revisions per application are capped; long polls are capped per caller
 * (429) and per process (503), both with Retry-After; and one change costs one read of the row
 * however many wait for it (one dispatcher per process fans out in memory). Each cap is set low
 * here through its variable, and each refusal has its own code and names its field.
 */
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { ApplicationChanges, ApplicationRepository } from '@mo/persistence';
import { connectDatabase } from '../support/database';
import { createApplicationBody, requiredDocumentsOf, uniquePdf } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

const PDF_BYTES = uniquePdf().length;
let stack: Stack;
let db: DataSource;
let http: HttpDriver;

beforeAll(async () => {
  stack = await startStack('tenant-caps', {
    MERCHANT_MAX_OPEN_APPLICATIONS: '3',
    // One complete draft (four documents and the owner's ID) fits, one more document across the merchant's applications does not.
    MERCHANT_DOCUMENT_QUOTA_BYTES: String(requiredDocumentsOf().length * PDF_BYTES + 10),
    // A complete draft takes six revisions (created, five documents attached).
    APPLICATION_MAX_PROFILE_REVISIONS: '7',
    LONG_POLL_MAX_PER_CALLER: '3',
    LONG_POLL_MAX_PER_PROCESS: '5',
  });
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

const changes = (): ApplicationChanges => stack.app.get(ApplicationChanges);
async function waitingReaches(n: number): Promise<void> {
  for (let i = 0; changes().waiting < n && i < 500; i++) await new Promise((r) => setTimeout(r, 10));
  expect(changes().waiting).toBe(n);
}
const poll = (sub: string, id: string, since: number, wait = 20): Promise<request.Response> =>
  http.get('reviewer', sub, `/v1/applications/${id}?changedSince=${since}&wait=${wait}`);

describe('per merchant', () => {
  it('at most MERCHANT_MAX_OPEN_APPLICATIONS open applications, even created at once; a final one frees a place', async () => {
    const m = 'cap-open';
    const created = await Promise.all(
      Array.from({ length: 5 }, () => http.post('merchant', m, '/v1/applications', createApplicationBody())),
    );
    expect(created.map((r) => r.status).sort()).toEqual([201, 201, 201, 422, 422]);
    const refused = created.find((r) => r.status === 422)!;
    expect(refused.body).toMatchObject({
      code: 'OPEN_APPLICATION_LIMIT_REACHED',
      errors: [{ field: 'applicationId' }],
    });
    // Other merchants are not affected.
    await http.post('merchant', 'cap-open-other', '/v1/applications', createApplicationBody(), 201);
    const first = created.find((r) => r.status === 201)!.body.id as string;
    await http.post('merchant', m, `/v1/applications/${first}/withdraw`, {}, 200);
    await http.post('merchant', m, '/v1/applications', createApplicationBody(), 201);
    const again = await http.post('merchant', m, '/v1/applications', createApplicationBody());
    expect([again.status, again.body.code]).toEqual([422, 'OPEN_APPLICATION_LIMIT_REACHED']);
  });

  it('at most MERCHANT_DOCUMENT_QUOTA_BYTES across all of a merchant’s applications', async () => {
    const m = 'cap-bytes';
    await http.completeDraft(m);
    const second = await http.post('merchant', m, '/v1/applications', createApplicationBody(), 201);
    const res = await request(stack.http)
      .post(`/v1/applications/${second.body.id}/documents`)
      .set(await http.as('merchant', m))
      .field('type', 'business_license')
      .attach('file', uniquePdf(), { filename: 'licence.pdf', contentType: 'application/pdf' });
    // The application itself holds nothing yet: it is the merchant's total that refuses it.
    expect([res.status, res.body.code, res.body.errors[0].field]).toEqual([
      422,
      'MERCHANT_DOCUMENT_QUOTA_EXCEEDED',
      'file',
    ]);
    const stored = await db.query('SELECT count(*)::int AS n FROM documents WHERE application_id = $1', [
      second.body.id,
    ]);
    expect(stored[0].n).toBe(0);
  });

  it('at most APPLICATION_MAX_PROFILE_REVISIONS revisions of one application', async () => {
    const m = 'cap-revisions';
    const created = await http.post('merchant', m, '/v1/applications', createApplicationBody(), 201);
    const id = created.body.id as string;
    const edit = async (website: string) =>
      request(stack.http)
        .patch(`/v1/applications/${id}`)
        .set(await http.as('merchant', m))
        .send({ business: { website } });
    for (let n = 2; n <= 7; n++) expect((await edit(`https://r${n}.example.com`)).status).toBe(200);
    const refused = await edit('https://r8.example.com');
    expect([refused.status, refused.body.code, refused.body.errors[0].field]).toEqual([
      422,
      'PROFILE_REVISION_LIMIT_REACHED',
      'profile',
    ]);
    // An upload that would attach is refused before it is stored.
    const upload = await request(stack.http)
      .post(`/v1/applications/${id}/documents`)
      .set(await http.as('merchant', m))
      .field('type', 'business_license')
      .attach('file', uniquePdf(), { filename: 'licence.pdf', contentType: 'application/pdf' });
    expect([upload.status, upload.body.code]).toEqual([422, 'PROFILE_REVISION_LIMIT_REACHED']);
    const counts = await db.query(
      `SELECT (SELECT count(*)::int FROM application_profiles WHERE application_id = $1) AS revisions,
              (SELECT count(*)::int FROM documents WHERE application_id = $1) AS documents`,
      [id],
    );
    expect(counts[0]).toEqual({ revisions: 7, documents: 0 });
    expect((await http.view(id, 'merchant', m)).profile.business.website).toBe('https://r7.example.com');
  });
});

describe('long polls', () => {
  it('LONG_POLL_MAX_PER_CALLER per caller (429 + Retry-After), LONG_POLL_MAX_PER_PROCESS in all (503 + Retry-After); one read per change for every waiter', async () => {
    const id = await http.inReview('cap-polls');
    const seen = (await http.view(id)).version as number;
    const held = [0, 1, 2].map(() => poll('poll-a', id, seen));
    await waitingReaches(3);
    const overCaller = await poll('poll-a', id, seen);
    expect([overCaller.status, overCaller.body.code, overCaller.headers['retry-after']]).toEqual([
      429,
      'LONG_POLL_LIMIT_REACHED',
      '1',
    ]);
    held.push(poll('poll-b', id, seen), poll('poll-b', id, seen));
    await waitingReaches(5);
    const overProcess = await poll('poll-c', id, seen);
    expect([overProcess.status, overProcess.body.code, overProcess.headers['retry-after']]).toEqual([
      503,
      'LONG_POLL_CAPACITY_REACHED',
      '1',
    ]);
    // A read that does not wait is never refused.
    expect((await http.get('reviewer', 'poll-c', `/v1/applications/${id}`)).status).toBe(200);

    // One change, five waiters (and the action's own wait): the row is read once or twice, not once per waiter.
    const reads = jest.spyOn(stack.app.get(ApplicationRepository), 'findForStaff');
    try {
      await http.post('reviewer', 'alice', `/v1/applications/${id}/notes`, { note: 'looked at it' }, 200);
      const answers = await Promise.all(held);
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(answers.every((r) => r.body.version > seen)).toBe(true);
      // The action's requireVisible is one; the dispatcher's shared reads the rest.
      expect(reads.mock.calls.length).toBeLessThanOrEqual(3);
    } finally {
      reads.mockRestore();
    }
    // The slots are given back, also by clients that go away before their answer.
    expect(changes().waiting).toBe(0);
    const auth = await http.as('reviewer', 'poll-a');
    const abandoned = [0, 1, 2].map(() =>
      request(stack.http)
        .get(`/v1/applications/${id}?changedSince=${seen + 100}&wait=20`)
        .set(auth)
        .timeout({ response: 500 })
        .then(
          (r) => r.status,
          (err: { timeout?: number; message?: string }) => (err.timeout ? 'abandoned' : String(err.message)),
        ),
    );
    expect(await Promise.all(abandoned)).toEqual(['abandoned', 'abandoned', 'abandoned']);
    for (let i = 0; changes().waiting > 0 && i < 200; i++) await new Promise((r) => setTimeout(r, 10));
    expect(changes().waiting).toBe(0);
    const t0 = Date.now();
    const again = await poll('poll-a', id, seen + 100, 1);
    expect(again.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  });
});
