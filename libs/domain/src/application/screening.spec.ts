import { DEFAULT_POLICY } from '../policy';
import { isDomainError } from '../domain-error';
import { runPrechecks, screeningSubjectsOf, type PrecheckContext } from '../prechecks';
import { complete } from '../profile.fixture';
import { allowedCommands } from './allowed-commands';
import { decide, initialState } from './decide';
import type { Actor, ApplicationState, Command, Decision, ScreeningHitRecord } from './model';
import { subjectOf } from './preconditions';

const NOW = new Date('2026-11-22T10:00:00.000Z');
const T0 = '2026-11-22T09:55:00.000Z';
const alice: Actor = { role: 'reviewer', id: 'alice' };
const dave: Actor = { role: 'reviewer', id: 'dave' };
const carol: Actor = { role: 'senior_reviewer', id: 'carol' };
const system: Actor = { role: 'system', id: 'merchant-onboarding' };

function hit(hitId: string, overrides: Partial<ScreeningHitRecord> = {}): ScreeningHitRecord {
  return {
    hitId,
    subject: { path: 'legalRepresentative', name: 'Zorvath Quillan' },
    entry: {
      id: `entry-${hitId}`,
      name: 'Zorvath Quillan',
      aliases: ['Quillan Zorvath'],
      birthDates: ['1971-03-14'],
      countries: ['ru'],
      identifiers: ['ZQ7711042'],
      dataset: 'synthetic_sanctions',
      sanctions: ['Synthetic Sanctions Programme 1'],
    },
    matchedName: 'Zorvath Quillan',
    score: 0.97,
    listVersion: 'sha256:v1',
    resolution: null,
    ...overrides,
  };
}
const cleared = (h: ScreeningHitRecord): ScreeningHitRecord => ({
  ...h,
  resolution: { resolution: 'false_positive', note: 'other person', by: alice, at: T0, listVersion: 'sha256:v1' },
});

/** In review, claimed by `claimant`, with these hits. */
function inReview(hits: readonly ScreeningHitRecord[], claimant: Actor = alice): ApplicationState {
  return {
    ...initialState(
      {
        applicationId: '00000000-0000-4000-8000-000000000001',
        merchantId: 'm-1',
        profileRevision: 1,
        capabilities: ['qr_payments'],
        policy: DEFAULT_POLICY,
      },
      T0,
    ),
    status: 'in_review',
    seq: 4,
    round: 1,
    riskLevel: 'high',
    claim: { by: claimant, at: T0 },
    screeningHits: hits,
  };
}
const ok = (r: ReturnType<typeof decide>): Decision => {
  if (isDomainError(r)) throw new Error(`${r.code}: ${r.message}`);
  return r;
};
const ruleOf = (r: ReturnType<typeof decide>): unknown => (isDomainError(r) ? r.details?.rule : 'accepted');

describe('screening in the prechecks', () => {
  const ctx: PrecheckContext = { today: '2026-11-22', duplicateUscc: false, duplicateDocuments: [] };

  it('each hit is a blocking SCREENING_POTENTIAL_MATCH finding, and the application is high risk', () => {
    const result = runPrechecks(complete(), { ...ctx, screeningHits: [hit('h-1')] });
    expect(result.riskLevel).toBe('high');
    expect(result.outcome).toEqual({ kind: 'review' });
    expect(result.screeningHits).toEqual([hit('h-1')]);
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: 'SCREENING_POTENTIAL_MATCH',
        severity: 'blocking',
        target: 'legalRepresentative',
        screening: {
          hitId: 'h-1',
          entryId: 'entry-h-1',
          dataset: 'synthetic_sanctions',
          matchedName: 'Zorvath Quillan',
          score: 0.97,
        },
      }),
    ]);
  });

  it('no hits: the result says so (an empty list), and the risk is as before', () => {
    expect(runPrechecks(complete(), { ...ctx, screeningHits: [] })).toEqual({
      findings: [],
      riskLevel: 'low',
      screeningHits: [],
      outcome: { kind: 'review' },
    });
  });

  it('screens the legal name, the legal representative (birth date from the resident ID) and every owner', () => {
    const owners = {
      beneficialOwners: [
        { id: 'bo-1', name: 'Han Meimei', dateOfBirth: '1985-02-03', nationality: 'CN', idNumber: 'X1' },
        { id: 'bo-2', name: ' ' },
      ],
    };
    expect(screeningSubjectsOf({ ...complete(), ...owners })).toEqual([
      { path: 'business', kind: 'organisation', name: 'Fuzhou Example Trading Co., Ltd.' },
      {
        path: 'legalRepresentative',
        kind: 'person',
        name: 'Li Lei',
        idNumber: '11010519491231002X',
        dateOfBirth: '1949-12-31',
        nationality: 'cn',
      },
      {
        path: 'beneficialOwners[bo-1]',
        kind: 'person',
        name: 'Han Meimei',
        dateOfBirth: '1985-02-03',
        nationality: 'cn',
        idNumber: 'X1',
      },
    ]);
  });
});

describe('screening hits on the application', () => {
  const prechecked = (hits: readonly ScreeningHitRecord[]): Command => ({
    type: 'complete_prechecks',
    actor: system,
    riskLevel: 'high',
    findings: [],
    outcome: { kind: 'review' },
    screeningHits: hits,
  });

  it('complete_prechecks keeps the hits, and a hit resolved in an earlier round stays resolved', () => {
    const before = { ...inReview([cleared(hit('h-1'))]), status: 'prechecking' as const };
    const d = ok(decide(before, prechecked([hit('h-1'), hit('h-2')]), NOW));
    expect(d.state.screeningHits?.map((h) => [h.hitId, h.resolution?.resolution ?? null])).toEqual([
      ['h-1', 'false_positive'],
      ['h-2', null],
    ]);
  });

  it.each([
    ['open hit, claimant approves', [hit('h-1')], alice, 'screening_hits_unresolved'],
    ['every hit cleared', [cleared(hit('h-1'))], alice, 'accepted'],
    ['no hits', [], alice, 'accepted'],
    ['open hit, not the claimant', [hit('h-1')], dave, 'claimed'],
  ] as const)('approve: %s → %s', (_name, hits, actor, rule) => {
    expect(ruleOf(decide(inReview(hits), { type: 'approve', actor }, NOW))).toBe(rule);
  });

  it.each([
    [
      'false positive by the claimant',
      { type: 'resolve_screening_hit', actor: alice, hitId: 'h-1', note: 'DOB differs' },
      alice,
      'accepted',
    ],
    [
      'false positive without a note',
      { type: 'resolve_screening_hit', actor: alice, hitId: 'h-1', note: ' ' },
      alice,
      'invalid_value',
    ],
    [
      'false positive by another reviewer',
      { type: 'resolve_screening_hit', actor: dave, hitId: 'h-1', note: 'x' },
      alice,
      'claimed',
    ],
    [
      'unknown hit',
      { type: 'resolve_screening_hit', actor: alice, hitId: 'nope', note: 'x' },
      alice,
      'screening_hit_unknown',
    ],
    [
      'resolved hit again',
      { type: 'resolve_screening_hit', actor: alice, hitId: 'h-2', note: 'x' },
      alice,
      'screening_hit_resolved',
    ],
    [
      'true match by a reviewer',
      { type: 'confirm_screening_match', actor: alice, hitId: 'h-1' },
      alice,
      'role_not_allowed',
    ],
    [
      'true match by the senior claimant',
      { type: 'confirm_screening_match', actor: carol, hitId: 'h-1' },
      carol,
      'accepted',
    ],
  ] as const)('%s → %s', (_name, command, claimant, rule) => {
    const s = inReview([hit('h-1'), cleared(hit('h-2'))], claimant);
    expect(ruleOf(decide(s, command as Command, NOW))).toBe(rule);
  });

  it('a false positive is an event with who, which list version and why; then approve is offered', () => {
    const d = ok(
      decide(
        inReview([hit('h-1')]),
        { type: 'resolve_screening_hit', actor: alice, hitId: 'h-1', note: 'DOB differs' },
        NOW,
      ),
    );
    expect(d.events).toEqual([
      expect.objectContaining({
        type: 'screening_hit_resolved',
        actor: alice,
        status: 'in_review',
        data: expect.objectContaining({
          hitId: 'h-1',
          resolution: 'false_positive',
          listVersion: 'sha256:v1',
          internalNote: 'DOB differs',
        }),
      }),
    ]);
    expect(d.state.screeningHits?.[0]?.resolution).toEqual({
      resolution: 'false_positive',
      note: 'DOB differs',
      by: alice,
      at: NOW.toISOString(),
      listVersion: 'sha256:v1',
    });
    expect(allowedCommands(subjectOf(inReview([hit('h-1')])), alice)).not.toContain('approve');
    expect(allowedCommands(subjectOf(d.state), alice)).toContain('approve');
    expect(allowedCommands(subjectOf(d.state), alice)).not.toContain('resolve_screening_hit');
  });

  it('only a senior reviewer is offered the true match', () => {
    expect(allowedCommands(subjectOf(inReview([hit('h-1')], alice)), alice)).toContain('resolve_screening_hit');
    expect(allowedCommands(subjectOf(inReview([hit('h-1')], alice)), alice)).not.toContain('confirm_screening_match');
    expect(allowedCommands(subjectOf(inReview([hit('h-1')], carol)), carol)).toContain('confirm_screening_match');
  });

  it('a true match rejects the application for good with SANCTIONS_MATCH, by the senior reviewer', () => {
    const d = ok(
      decide(inReview([hit('h-1')], carol), { type: 'confirm_screening_match', actor: carol, hitId: 'h-1' }, NOW),
    );
    expect(d.events.map((e) => [e.type, e.actor.id])).toEqual([
      ['screening_hit_resolved', 'carol'],
      ['application_rejected', 'carol'],
    ]);
    expect(d.state).toMatchObject({ status: 'rejected', rejection: { code: 'SANCTIONS_MATCH' }, claim: null });
  });

  it('rescreening adds only new hits, as findings, and makes the application high risk', () => {
    const s = { ...inReview([cleared(hit('h-1'))]), riskLevel: 'low' as const };
    const d = ok(
      decide(s, { type: 'add_screening_hits', actor: system, hits: [hit('h-1'), hit('h-2'), hit('h-2')] }, NOW),
    );
    expect(d.state.screeningHits?.map((h) => h.hitId)).toEqual(['h-1', 'h-2']);
    expect(d.state.screeningHits?.[0]?.resolution?.resolution).toBe('false_positive');
    expect(d.state.riskLevel).toBe('high');
    expect(d.state.findings.map((f) => f.screening?.hitId)).toEqual(['h-2']);
    expect(ruleOf(decide(d.state, { type: 'add_screening_hits', actor: system, hits: [hit('h-2')] }, NOW))).toBe(
      'screening_hit_resolved',
    );
  });
});
