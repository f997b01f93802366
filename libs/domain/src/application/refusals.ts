/** How `decide` says no: typed refusals, and who may review an application (separation of duties, seniority, four eyes). */
import { type DomainError, refusal, RuleCode } from '../domain-error';
import type { ActorRole, ApplicationState, ApplicationStatus, Command, CommandType } from './model';

export const words = (type: CommandType): string => type.replace(/_/g, ' ');
/** Refusal details: `rule` is a typed `RuleCode`, so every "no" names the rule the API maps. */
export type RefusalDetails = { readonly rule?: RuleCode } & Record<string, unknown>;
export const illegal = (type: CommandType, message: string, { rule, ...details }: RefusalDetails = {}): DomainError =>
  refusal(rule ?? RuleCode.WrongStatus, message, { command: type, ...details });
export const refused = (type: CommandType, message: string, { rule, ...details }: RefusalDetails = {}): DomainError =>
  refusal(rule ?? RuleCode.RoleNotAllowed, message, { command: type, ...details });
export const invalid = (message: string, field: string, { rule, ...details }: RefusalDetails = {}): DomainError =>
  refusal(rule ?? RuleCode.InvalidValue, message, { field, ...details });

/** What a reviewing person must be (one home for separation of duties, four eyes and seniority). */
export interface ReviewSubject {
  readonly status: ApplicationStatus;
  /** Absent in read models that do not carry it: then only the other rules apply. */
  readonly merchantId?: string;
  /** Who gave the approvals so far. */
  readonly approvedBy?: readonly string[];
}
export const REVIEW_REFUSALS = {
  own_application: 'Staff may not review or act on an application of their own merchant id',
  senior_required: 'The second approval of a high-risk application needs a senior reviewer',
  four_eyes: 'The second approval must come from a different person than the first',
} as const satisfies Partial<Record<RuleCode, string>>;

/**
 * The rule that keeps `person` from reviewing this application (claiming, deciding, being given
 * it), or null: nobody reviews their own merchant's application, and a high-risk application's
 * second approval needs a senior reviewer other than the first approver.
 */
export function reviewerRefusal(
  s: ReviewSubject,
  person: { readonly role: ActorRole; readonly id?: string },
): keyof typeof REVIEW_REFUSALS | null {
  if (s.merchantId !== undefined && isOwnApplication(s.merchantId, person)) return RuleCode.OwnApplication;
  if (s.status !== 'awaiting_second_approval') return null;
  if (person.role !== 'senior_reviewer') return RuleCode.SeniorRequired;
  if ((s.approvedBy ?? []).includes(person.id ?? '')) return RuleCode.FourEyes;
  return null;
}
/** Staff whose id is the application's merchant id (separation of duties). */
export const isOwnApplication = (
  merchantId: string,
  person: { readonly role: ActorRole; readonly id?: string },
): boolean => person.role !== 'merchant' && person.role !== 'system' && person.id === merchantId;

/** Whether a command has staff act on, or be given, their own merchant id's application. */
export function involvesOwnApplication(s: { readonly merchantId: string }, c: Command): boolean {
  return isOwnApplication(s.merchantId, c.actor) || (c.type === 'reassign' && isOwnApplication(s.merchantId, c.to));
}

export interface DecideOptions {
  /**
   * Staff may not act on their own merchant id's application. Off only to replay histories
   * recorded before the rule (the workflow decides with `patched`).
   */
  readonly separationOfDuties?: boolean;
}

/** Optimistic concurrency on the profile: a change made to an older revision would undo another. */
export function staleRevision(
  s: ApplicationState,
  c: { readonly type: CommandType; readonly basedOnRevision?: number },
): DomainError | undefined {
  if (c.basedOnRevision === undefined || c.basedOnRevision === s.profileRevision) return undefined;
  return illegal(
    c.type,
    `The profile changed meanwhile (revision ${s.profileRevision}, this change was made to ${c.basedOnRevision}); read it again and retry`,
    { rule: 'stale_revision', current: s.profileRevision },
  );
}
