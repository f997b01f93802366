import { currentlyDue, runPrechecks, type PrecheckContext } from './prechecks';
import { complete, doc } from './profile.fixture';
import type { RegistryRecord } from './registry';

const ctx: PrecheckContext = { today: '2026-11-22', duplicateUscc: false, duplicateDocuments: [] };

describe('prechecks', () => {
  it('a complete, clean profile is low risk and goes to review', () => {
    expect(runPrechecks(complete(), ctx)).toEqual({ findings: [], riskLevel: 'low', outcome: { kind: 'review' } });
    expect(currentlyDue(complete())).toEqual([]);
  });

  it('reports what is missing, per field and document', () => {
    const result = runPrechecks({ business: { legalName: 'X' } }, ctx);
    expect(result.riskLevel).toBe('high');
    expect(result.findings.map((f) => f.target)).toEqual(
      expect.arrayContaining([
        'business.uscc',
        'legalRepresentative.idNumber',
        'bankAccount.accountNumber',
        'capabilities',
        'business_license',
      ]),
    );
    expect(currentlyDue({})).toContain('bank_account_proof');
  });

  it('identifier check digits, expiry, duplicates and holder name', () => {
    const result = runPrechecks(
      complete({
        business: { ...complete().business, uscc: '91350100M000100Y4Z' },
        legalRepresentative: {
          name: 'Li',
          idType: 'resident_id',
          idNumber: '110105194912310021',
          idExpiry: '2020-01-01',
        },
        bankAccount: { ...complete().bankAccount, holderName: 'Someone Else', accountNumber: '6222020200112345670' },
      }),
      { ...ctx, duplicateUscc: true, duplicateDocuments: ['business_license'] },
    );
    expect(result.findings.map((f) => [f.code, f.target])).toEqual(
      expect.arrayContaining([
        ['INVALID_IDENTIFIER', 'business.uscc'],
        ['INVALID_IDENTIFIER', 'legalRepresentative.idNumber'],
        ['DOCUMENT_EXPIRED', 'legalRepresentative.idExpiry'],
        ['BANK_ACCOUNT_NAME_MISMATCH', 'bankAccount.holderName'],
        ['DUPLICATE_MERCHANT', 'business.uscc'],
        ['DUPLICATE_DOCUMENT', 'business_license'],
      ]),
    );
    expect(result.riskLevel).toBe('high');
  });

  it('a Luhn failure is only a hint for the reviewer', () => {
    const result = runPrechecks(
      complete({ bankAccount: { ...complete().bankAccount, accountNumber: '6222020200112345670' } }),
      ctx,
    );
    expect(result.findings).toEqual([expect.objectContaining({ code: 'ACCOUNT_NUMBER_LUHN', severity: 'info' })]);
    expect(result.riskLevel).toBe('low');
  });

  it('prohibited MCC: final rejection; restricted MCC: licence required, or medium risk with it', () => {
    expect(runPrechecks(complete({ business: { ...complete().business, mcc: '7995' } }), ctx).outcome).toEqual({
      kind: 'reject',
      code: 'PROHIBITED_CATEGORY',
      message: expect.stringContaining('7995'),
    });
    const restricted = complete({ business: { ...complete().business, mcc: '5912' } });
    expect(runPrechecks(restricted, ctx).outcome).toMatchObject({
      kind: 'request_changes',
      reasons: [{ target: 'industry_license', code: 'RESTRICTED_CATEGORY_LICENSE_REQUIRED' }],
    });
    const licensed = runPrechecks(
      { ...restricted, documents: { ...restricted.documents, industry_license: doc('industry_license') } },
      ctx,
    );
    expect(licensed).toMatchObject({ riskLevel: 'medium', outcome: { kind: 'review' } });
  });

  it('a file that is not PDF/JPEG/PNG or too large is flagged', () => {
    const result = runPrechecks(
      complete({ documents: { ...complete().documents, business_license: { ...doc('x'), mediaType: 'text/html' } } }),
      ctx,
    );
    expect(result.findings).toEqual([
      expect.objectContaining({ code: 'DOCUMENT_UNREADABLE', target: 'business_license' }),
    ]);
  });

  describe('the business registry', () => {
    const answer = (overrides: Partial<RegistryRecord> = {}): RegistryRecord => ({
      uscc: complete().business!.uscc!,
      status: 'operating',
      legalName: complete().business!.legalName!,
      legalRepresentative: complete().legalRepresentative!.name!,
      checkedAt: '2026-11-22T10:00:00.000Z',
      ...overrides,
    });
    const withRegistry = (registry: RegistryRecord) => runPrechecks(complete(), { ...ctx, registry });

    it.each<[string, Partial<RegistryRecord>, object]>([
      [
        'operating, names as registered: nothing to say',
        {},
        { findings: [], riskLevel: 'low', outcome: { kind: 'review' } },
      ],
      [
        'names differing only in whitespace, width and case: the same names',
        { legalName: 'ＦＵＺＨＯＵ　Example Trading Co.,Ltd．', legalRepresentative: 'li  lei' },
        { findings: [], outcome: { kind: 'review' } },
      ],
      [
        'no record: changes requested on the USCC',
        { status: 'not_found', legalName: null, legalRepresentative: null },
        {
          findings: [
            expect.objectContaining({ code: 'REGISTRY_NOT_FOUND', severity: 'blocking', target: 'business.uscc' }),
          ],
          riskLevel: 'high',
          outcome: {
            kind: 'request_changes',
            reasons: [expect.objectContaining({ target: 'business.uscc', code: 'INVALID_IDENTIFIER' })],
          },
        },
      ],
      [
        'revoked (吊销): final rejection',
        { status: 'revoked' },
        {
          findings: [expect.objectContaining({ code: 'REGISTRY_NOT_OPERATING', target: 'business.uscc' })],
          riskLevel: 'high',
          outcome: expect.objectContaining({ kind: 'reject', code: 'BUSINESS_NOT_OPERATING' }),
        },
      ],
      [
        'deregistered (注销): final rejection',
        { status: 'deregistered' },
        { outcome: expect.objectContaining({ kind: 'reject', code: 'BUSINESS_NOT_OPERATING' }) },
      ],
      [
        'another registered name: a warning on the legal name, for the reviewer',
        { legalName: 'Fuzhou Other Trading Co., Ltd.' },
        {
          findings: [
            expect.objectContaining({
              code: 'REGISTRY_NAME_MISMATCH',
              severity: 'warning',
              target: 'business.legalName',
            }),
          ],
          riskLevel: 'medium',
          outcome: { kind: 'review' },
        },
      ],
      [
        'another legal representative: a warning on their name, for the reviewer',
        { legalRepresentative: 'Han Meimei' },
        {
          findings: [
            expect.objectContaining({
              code: 'REGISTRY_LEGAL_REPRESENTATIVE_MISMATCH',
              severity: 'warning',
              target: 'legalRepresentative.name',
            }),
          ],
          riskLevel: 'medium',
          outcome: { kind: 'review' },
        },
      ],
    ])('%s', (_, overrides, expected) => {
      expect(withRegistry(answer(overrides))).toMatchObject(expected);
    });

    it('a prohibited category is rejected for it even when the business is not operating', () => {
      const result = runPrechecks(complete({ business: { ...complete().business, mcc: '7995' } }), {
        ...ctx,
        registry: answer({ status: 'revoked' }),
      });
      expect(result.outcome).toMatchObject({ kind: 'reject', code: 'PROHIBITED_CATEGORY' });
    });

    it('no record and a restricted category without its licence: both reasons at once', () => {
      const result = runPrechecks(complete({ business: { ...complete().business, mcc: '5912' } }), {
        ...ctx,
        registry: answer({ status: 'not_found', legalName: null, legalRepresentative: null }),
      });
      expect(result.outcome).toEqual({
        kind: 'request_changes',
        reasons: [
          expect.objectContaining({ target: 'industry_license' }),
          expect.objectContaining({ target: 'business.uscc' }),
        ],
      });
    });
  });
});
