/**
 * Screening hits on an application: each is a finding and makes it high risk, stays open until a
 * reviewer resolves it (false positive with a note; true match, senior only, a final rejection),
 * and keeps approval refused while open. Rescreening adds new hits only.
 */
import type { DomainError } from '../domain-error';
import { RuleCode } from '../domain-error';
import { Emitter } from './emitter';
import type { ApplicationState, Command, Decision, Finding, ScreeningHitRecord } from './model';
import { illegal, invalid } from './refusals';
import { reject } from './review';

export const SCREENING_FINDING = 'SCREENING_POTENTIAL_MATCH';

/** The hits of a state (none in states recorded before screening). */
export const screeningHitsOf = (s: Pick<ApplicationState, 'screeningHits'>): readonly ScreeningHitRecord[] =>
  s.screeningHits ?? [];
export const openScreeningHits = (hits: readonly ScreeningHitRecord[]): readonly ScreeningHitRecord[] =>
  hits.filter((h) => h.resolution === null);

/** A hit as a precheck finding: blocking, so the application is high risk. */
export function screeningFindingOf(hit: ScreeningHitRecord): Finding {
  return {
    code: SCREENING_FINDING,
    severity: 'blocking',
    message: `${hit.subject.name} resembles "${hit.matchedName}" on ${hit.entry.dataset} (entry ${hit.entry.id}, score ${hit.score})`,
    target: hit.subject.path,
    screening: {
      hitId: hit.hitId,
      entryId: hit.entry.id,
      dataset: hit.entry.dataset,
      matchedName: hit.matchedName,
      score: hit.score,
    },
  };
}

/**
 * A new round's hits, each keeping the resolution it had in an earlier round (same hitId: same
 * subject and entry), so a cleared false positive is not asked about again.
 */
export function carryResolutions(
  previous: readonly ScreeningHitRecord[],
  current: readonly ScreeningHitRecord[],
): ScreeningHitRecord[] {
  const resolved = new Map(previous.filter((h) => h.resolution !== null).map((h) => [h.hitId, h.resolution]));
  return current.map((h) => ({ ...h, resolution: resolved.get(h.hitId) ?? h.resolution }));
}

function openHit(s: ApplicationState, type: Command['type'], hitId: string): ScreeningHitRecord | DomainError {
  const hit = screeningHitsOf(s).find((h) => h.hitId === hitId);
  if (hit === undefined)
    return illegal(type, `The application has no screening hit ${hitId}`, {
      rule: RuleCode.ScreeningHitUnknown,
      hitId,
    });
  if (hit.resolution !== null) {
    return illegal(type, `Screening hit ${hitId} is already resolved (${hit.resolution.resolution})`, {
      rule: RuleCode.ScreeningHitResolved,
      hitId,
    });
  }
  return hit;
}

function resolved(
  s: ApplicationState,
  hit: ScreeningHitRecord,
  resolution: NonNullable<ScreeningHitRecord['resolution']>,
  emit: Emitter,
): Decision {
  const hits = screeningHitsOf(s).map((h) => (h.hitId === hit.hitId ? { ...h, resolution } : h));
  return emit.event(
    'screening_hit_resolved',
    s.status,
    {
      hitId: hit.hitId,
      resolution: resolution.resolution,
      subject: hit.subject.path,
      entryId: hit.entry.id,
      dataset: hit.entry.dataset,
      listVersion: resolution.listVersion,
      ...(resolution.note === undefined ? {} : { internalNote: resolution.note }),
    },
    { screeningHits: hits },
  );
}

export function resolveScreeningHit(
  s: ApplicationState,
  c: Extract<Command, { type: 'resolve_screening_hit' }>,
  emit: Emitter,
): Decision | DomainError {
  const hit = openHit(s, c.type, c.hitId);
  if ('kind' in hit) return hit;
  if (c.note.trim() === '') return invalid('A false positive needs a note saying why', 'note');
  return resolved(
    s,
    hit,
    { resolution: 'false_positive', note: c.note, by: c.actor, at: emit.at, listVersion: hit.listVersion },
    emit,
  );
}

/** A confirmed match ends the application: a final rejection, by the senior reviewer who confirmed it. */
export function confirmScreeningMatch(
  s: ApplicationState,
  c: Extract<Command, { type: 'confirm_screening_match' }>,
  emit: Emitter,
): Decision | DomainError {
  const hit = openHit(s, c.type, c.hitId);
  if ('kind' in hit) return hit;
  const note = c.note === undefined || c.note.trim() === '' ? {} : { note: c.note };
  const confirmed = resolved(
    s,
    hit,
    { resolution: 'true_match', ...note, by: c.actor, at: emit.at, listVersion: hit.listVersion },
    emit,
  );
  const rejected = reject(
    new Emitter(confirmed.state, c.actor, emit.at),
    'SANCTIONS_MATCH',
    'The application cannot be accepted after our compliance checks',
  );
  return { state: rejected.state, events: [...confirmed.events, ...rejected.events] };
}

/** Rescreening's new hits: those the application does not have yet (by hitId); none new is a no-op refusal. */
export function addScreeningHits(
  s: ApplicationState,
  c: Extract<Command, { type: 'add_screening_hits' }>,
  emit: Emitter,
): Decision | DomainError {
  const known = new Set(screeningHitsOf(s).map((h) => h.hitId));
  const fresh = c.hits.filter((h, i) => !known.has(h.hitId) && c.hits.findIndex((o) => o.hitId === h.hitId) === i);
  if (fresh.length === 0) return illegal(c.type, 'No new screening hits', { rule: RuleCode.ScreeningHitResolved });
  return emit.event(
    'screening_hits_added',
    s.status,
    {
      hits: fresh.map((h) => ({
        hitId: h.hitId,
        subject: h.subject.path,
        entryId: h.entry.id,
        dataset: h.entry.dataset,
        score: h.score,
        listVersion: h.listVersion,
      })),
      riskLevel: 'high',
    },
    {
      screeningHits: [...screeningHitsOf(s), ...fresh],
      findings: [...s.findings, ...fresh.map(screeningFindingOf)],
      riskLevel: 'high',
    },
  );
}
