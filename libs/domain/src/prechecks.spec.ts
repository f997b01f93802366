import { currentlyDue, runPrechecks, type PrecheckContext } from './prechecks';
import { complete, doc } from './profile.fixture';

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
});
