/**
 * Role-aware projections for the API. Merchants never see risk, findings, internal notes or which
 * reviewer acted; ID and account numbers are masked for everyone but reviewers.
 */
import {
  allowedCommands,
  dueNow,
  merchantVisibleActor,
  merchantVisibleData,
  type ApplicationProfile,
  type MccPolicy,
  type Role,
  valueAtPath,
} from '@mo/domain';
import type { ApplicationEntity, ApplicationEventEntity } from '@mo/persistence';
import type { ApplicationView, EventView, FieldChangeView } from './dto/application-view.dto';

const isStaff = (role: Role): boolean => role !== 'merchant';
const seesSensitive = (role: Role): boolean => role === 'reviewer' || role === 'senior_reviewer';
const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export const mask = (value: string): string =>
  value.length <= 4 ? '****' : `${'*'.repeat(value.length - 4)}${value.slice(-4)}`;

export function maskedProfile(profile: ApplicationProfile, role: Role): ApplicationProfile {
  if (seesSensitive(role)) return profile;
  const rep = profile.legalRepresentative;
  const bank = profile.bankAccount;
  return {
    ...profile,
    ...(rep?.idNumber ? { legalRepresentative: { ...rep, idNumber: mask(rep.idNumber) } } : {}),
    ...(bank?.accountNumber ? { bankAccount: { ...bank, accountNumber: mask(bank.accountNumber) } } : {}),
    ...(profile.beneficialOwners
      ? {
          beneficialOwners: profile.beneficialOwners.map((o) =>
            o.idNumber ? { ...o, idNumber: mask(o.idNumber) } : o,
          ),
        }
      : {}),
  };
}

/**
 * What a view is built from: a read-model row, or the state an Update returned (so an action
 * answers from the workflow's own state without reading the row back).
 */
export type ApplicationRecord = Pick<
  ApplicationEntity,
  | 'id'
  | 'merchantId'
  | 'status'
  | 'version'
  | 'profileRevision'
  | 'riskLevel'
  | 'findings'
  | 'rejection'
  | 'walletAccountId'
  | 'assigneeId'
  | 'assigneeRole'
  | 'escalated'
  | 'round'
  | 'deadlineKind'
  | 'openReasons'
  | 'changedFields'
  | 'requestedCapabilities'
  | 'approvals'
  | 'microDepositAttempts'
  | 'agreementVersion'
  | 'hold'
  | 'registry'
  | 'screeningHits'
> & {
  readonly claimedAt: Date | string | null;
  readonly deadlineAt: Date | string | null;
  readonly submittedAt: Date | string | null;
  readonly createdAt: Date | string;
  readonly updatedAt: Date | string;
};

const SENSITIVE_PATHS = new Set(['legalRepresentative.idNumber', 'bankAccount.accountNumber']);
const isSensitive = (path: string): boolean =>
  SENSITIVE_PATHS.has(path) || /^beneficialOwners\[[^\]]+\]\.idNumber$/.test(path);

function changesOf(
  e: ApplicationRecord,
  role: Role,
  current?: ApplicationProfile,
  previous?: ApplicationProfile,
): FieldChangeView[] {
  return e.changedFields.map((field) => {
    let before = valueAtPath(previous, field);
    let after = valueAtPath(current, field);
    if (isSensitive(field) && !seesSensitive(role)) {
      before = typeof before === 'string' ? mask(before) : before;
      after = typeof after === 'string' ? mask(after) : after;
    }
    return { field, before, after };
  });
}

export interface ViewContext {
  readonly role: Role;
  readonly callerId: string;
  readonly mcc: MccPolicy;
  readonly profile?: ApplicationProfile;
  readonly previousProfile?: ApplicationProfile;
  /** The profile what is due is judged by, when the view does not show the profile (the list). */
  readonly dueFrom?: ApplicationProfile;
  /** For rows projected before the read model kept it: the version in the workflow's policy. */
  readonly agreementVersion?: string;
}

export function toApplicationView(e: ApplicationRecord, ctx: ViewContext): ApplicationView {
  const { role } = ctx;
  const staff = isStaff(role);
  return {
    id: e.id,
    merchantId: e.merchantId,
    status: e.status,
    version: e.version,
    round: e.round,
    currentlyDue: dueNow(e, ctx.profile ?? ctx.dueFrom, ctx.mcc),
    deadline: e.deadlineKind && e.deadlineAt ? { kind: e.deadlineKind, at: iso(e.deadlineAt)! } : null,
    feedback: e.status === 'changes_requested' ? e.openReasons.map((r) => ({ ...r })) : [],
    ...(staff
      ? {
          risk: e.riskLevel === null ? null : { level: e.riskLevel, findings: [...e.findings] },
          assignee: e.assigneeId
            ? { id: e.assigneeId, role: e.assigneeRole ?? 'reviewer', claimedAt: iso(e.claimedAt)! }
            : null,
          escalated: e.escalated,
          changes: changesOf(e, role, ctx.profile, ctx.previousProfile),
          registry: e.registry === null ? null : { ...e.registry },
          // `??`: rows written before the column existed are read with its default, states too.
          screeningHits: (e.screeningHits ?? []).map((h) => ({
            ...h,
            subject: { ...h.subject },
            entry: {
              ...h.entry,
              aliases: [...h.entry.aliases],
              birthDates: [...h.entry.birthDates],
              countries: [...h.entry.countries],
              identifiers: [...h.entry.identifiers],
              sanctions: [...h.entry.sanctions],
            },
            resolution: h.resolution === null ? null : { ...h.resolution, by: { ...h.resolution.by } },
          })),
        }
      : {}),
    rejection: e.rejection,
    hold:
      e.status === 'on_hold' && e.hold
        ? {
            step: e.hold.step,
            resume: e.hold.resume,
            since: iso(e.hold.since)!,
            ...(staff ? { failure: { ...e.hold.failure } } : {}),
          }
        : null,
    walletAccountId: e.walletAccountId,
    requestedCapabilities: [...e.requestedCapabilities],
    microDepositAttempts: e.microDepositAttempts,
    ...(e.status === 'agreement_pending' ? { agreementVersion: (e.agreementVersion ?? ctx.agreementVersion)! } : {}),
    ...(ctx.profile ? { profile: maskedProfile(ctx.profile, role) as Record<string, unknown> } : {}),
    submittedAt: iso(e.submittedAt),
    createdAt: iso(e.createdAt)!,
    updatedAt: iso(e.updatedAt)!,
    allowedActions: allowedCommands(
      {
        status: e.status,
        merchantId: e.merchantId,
        claimedBy: e.assigneeId,
        approvedBy: e.approvals.map((a) => a.by.id),
        holdResume: e.hold?.resume ?? null,
        openScreeningHits: (e.screeningHits ?? []).filter((h) => h.resolution === null).length,
      },
      { role, id: ctx.callerId },
    ),
  };
}

export function toEventView(e: ApplicationEventEntity, role: Role): EventView | null {
  const base = { seq: e.seq, type: e.type, at: new Date(e.at).toISOString(), status: e.status };
  if (isStaff(role)) return { ...base, actor: { role: e.actorRole, id: e.actorId }, data: e.data };
  const data = merchantVisibleData(e.type, e.data);
  return data === null ? null : { ...base, actor: merchantVisibleActor(e.actorRole, e.actorId), data };
}
