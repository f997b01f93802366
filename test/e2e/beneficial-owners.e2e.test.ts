/**
 * Beneficial owners and the authorised contact over HTTP on the real stack: malformed owner lists
 * are 400s that name the field and store nothing; owner documents are due, uploaded and gated;
 * a reason can target one owner's field, and resubmission and the reviewer's diff work per owner.
 */
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../support/database';
import { createApplicationBody } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: DataSource;
let http: HttpDriver;

beforeAll(async () => {
  stack = await startStack('owners');
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  await stack.stop();
  await db.destroy();
});

const merchantId = (name: string): string => `${name}-${Math.random().toString(36).slice(2, 8)}`;
type Owner = Record<string, unknown>;
const owner = (id: string, overrides: Owner = {}): Owner => ({
  id,
  name: `Owner ${id}`,
  idType: 'passport',
  idNumber: `E${id.replace(/\W/g, '')}12345`,
  idExpiry: '2034-06-30',
  dateOfBirth: '1980-01-01',
  nationality: 'CN',
  control: 'ownership',
  ownershipPercent: 50,
  ...overrides,
});
const fields = (body: { errors?: { field: string }[] }): string[] => (body.errors ?? []).map((e) => e.field);

describe('beneficial owners over HTTP', () => {
  it.each<[string, Owner[], string]>([
    [
      'percentages summing over 100',
      [owner('a', { ownershipPercent: 60 }), owner('b', { ownershipPercent: 40.5 })],
      'beneficialOwners',
    ],
    [
      'a duplicate owner id',
      [owner('a', { ownershipPercent: 10 }), owner('a', { ownershipPercent: 20 })],
      'beneficialOwners',
    ],
    [
      'an ownership owner without a percentage',
      [owner('a', { ownershipPercent: undefined })],
      'beneficialOwners.0.ownershipPercent',
    ],
    [
      'more than 10 owners',
      Array.from({ length: 11 }, (_, i) => owner(`o${i}`, { ownershipPercent: 1 })),
      'beneficialOwners',
    ],
    ['an owner id that is no id', [owner('a b')], 'beneficialOwners.0.id'],
    [
      'an owner resident id failing its check',
      [owner('a', { idType: 'resident_id', idNumber: '110105194912310021' })],
      'beneficialOwners.0.idNumber',
    ],
    ['a nationality that is no alpha-2 code', [owner('a', { nationality: 'China' })], 'beneficialOwners.0.nationality'],
  ])('%s is a 400 naming the field, and nothing is stored', async (_, owners, field) => {
    const m = merchantId('bad-owners');
    const res = await http.post(
      'merchant',
      m,
      '/v1/applications',
      createApplicationBody({ beneficialOwners: owners }),
      400,
    );
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(fields(res.body)).toContain(field);
    const stored = await db.query('SELECT count(*)::int AS n FROM applications WHERE merchant_id = $1', [m]);
    expect(stored[0].n).toBe(0);
  });

  it('a draft edit with a bad owner list is refused too, and the draft keeps its owners', async () => {
    const m = merchantId('edit-owners');
    const id = await http.completeDraft(m);
    const res = await request(stack.http)
      .patch(`/v1/applications/${id}`)
      .set(await http.as('merchant', m))
      .send({ beneficialOwners: [owner('a', { ownershipPercent: 70 }), owner('b', { ownershipPercent: 31 })] });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['beneficialOwners']);
    const view = await http.view(id, 'merchant', m);
    expect(view.profile.beneficialOwners.map((o: Owner) => o.id)).toEqual(['owner-1']);
  });

  it('each owner’s ID document is due and gates the submission; a non-representative applicant owes the letter', async () => {
    const m = merchantId('owner-docs');
    const body = createApplicationBody({
      beneficialOwners: [owner('li', { ownershipPercent: 60 }), owner('han', { ownershipPercent: 30 })],
      applicant: { name: 'Wang Fang', isLegalRepresentative: false },
    });
    const created = await http.post('merchant', m, '/v1/applications', body, 201);
    const id = created.body.id as string;
    expect(created.body.currentlyDue).toEqual(
      expect.arrayContaining(['beneficial_owner_id[li]', 'beneficial_owner_id[han]', 'authorization_letter']),
    );
    expect(created.body.profile.beneficialOwners[0].idNumber).toMatch(/^\*+/);
    for (const type of ['business_license', 'legal_rep_id_front', 'legal_rep_id_back', 'bank_account_proof']) {
      await http.upload(m, id, type);
    }
    await http.upload(m, id, 'beneficial_owner_id[li]');
    const blocked = await http.post('merchant', m, `/v1/applications/${id}/submit`, {}, 422);
    expect(fields(blocked.body)).toEqual(['beneficial_owner_id[han]', 'authorization_letter']);
    await http.upload(m, id, 'beneficial_owner_id[no such owner!]', undefined, 400);
    await http.upload(m, id, 'beneficial_owner_id[han]');
    await http.upload(m, id, 'authorization_letter');
    await http.post('merchant', m, `/v1/applications/${id}/submit`, {}, 200);
    const review = await http.eventually(id, (v) => v.status === 'in_review', 'reviewer', 'alice');
    // 60 % and 30 %: both above the threshold, 10 % undeclared: no finding.
    expect(review.risk).toEqual({ level: 'low', findings: [] });
  });

  it('a reason targets one owner’s field; the merchant fixes that owner only and the diff names it by id', async () => {
    const m = merchantId('owner-reason');
    const owners = [
      owner('li', { idType: 'resident_id', idNumber: '11010519491231002X', ownershipPercent: 60 }),
      owner('han', { ownershipPercent: 30 }),
    ];
    const id = await http.inReview(m, 'alice', createApplicationBody({ beneficialOwners: owners }));
    const target = 'beneficialOwners[han].idNumber';
    await http.post(
      'reviewer',
      'alice',
      `/v1/applications/${id}/decisions`,
      {
        decision: 'request_changes',
        reasons: [{ target, code: 'DOCUMENT_MISMATCH', message: 'The passport number differs from the scan' }],
      },
      200,
    );
    const feedback = await http.view(id, 'merchant', m);
    expect(feedback).toMatchObject({ status: 'changes_requested', currentlyDue: [target], feedback: [{ target }] });

    // Another owner's field is not open.
    const outside = await http.post('merchant', m, `/v1/applications/${id}/resubmit`, {
      changes: { beneficialOwners: [{ ...owners[0], name: 'Li Lei Senior' }, owners[1]] },
    });
    expect(outside.status).toBe(422);
    expect(fields(outside.body)).toContain('beneficialOwners[li].name');

    // The list in another order, one owner's number corrected: only that field changed.
    const fixed = { ...owners[1], idNumber: 'E99887766' };
    await http.post(
      'merchant',
      m,
      `/v1/applications/${id}/resubmit`,
      { changes: { beneficialOwners: [fixed, owners[0]] } },
      200,
    );
    const review = await http.eventually(id, (v) => v.status === 'in_review', 'reviewer', 'alice');
    expect(review.changes).toEqual([{ field: target, before: owners[1]!.idNumber, after: 'E99887766' }]);
    // An admin sees the diff masked, as every ID number.
    const admin = await http.view(id, 'admin', 'root');
    expect(admin.changes).toEqual([{ field: target, before: expect.stringMatching(/^\*+/), after: '*****7766' }]);
  });

  it('a reason targets one owner’s document; only that owner’s document may be uploaded and replaced', async () => {
    const m = merchantId('owner-doc-reason');
    const owners = [owner('li', { ownershipPercent: 60 }), owner('han', { ownershipPercent: 30 })];
    const id = await http.inReview(m, 'alice', createApplicationBody({ beneficialOwners: owners }));
    const original = await http.view(id);
    await http.post(
      'reviewer',
      'alice',
      `/v1/applications/${id}/decisions`,
      {
        decision: 'request_changes',
        reasons: [{ target: 'beneficial_owner_id[han]', code: 'DOCUMENT_UNREADABLE', message: 'Blurry' }],
      },
      200,
    );
    await http.upload(m, id, 'beneficial_owner_id[li]', undefined, 422);
    const replacement = await http.upload(m, id, 'beneficial_owner_id[han]');
    await http.post(
      'merchant',
      m,
      `/v1/applications/${id}/resubmit`,
      { changes: {}, documents: { 'beneficial_owner_id[han]': replacement.id } },
      200,
    );
    const review = await http.eventually(id, (v) => v.status === 'in_review');
    expect(review.changes).toEqual([
      {
        field: 'documents.beneficial_owner_id[han]',
        before: original.profile.documents['beneficial_owner_id[han]'].documentId,
        after: replacement.id,
      },
    ]);
  });

  it('a reason naming an owner field that does not exist is refused by the domain', async () => {
    const m = merchantId('owner-bad-target');
    const id = await http.inReview(m);
    const res = await http.post('reviewer', 'alice', `/v1/applications/${id}/decisions`, {
      decision: 'request_changes',
      reasons: [{ target: 'beneficialOwners[owner-1].shoeSize', code: 'OTHER', message: 'x' }],
    });
    expect(res.status).toBe(422);
    expect(fields(res.body)).toEqual(['reasons[0].target']);
  });
});
