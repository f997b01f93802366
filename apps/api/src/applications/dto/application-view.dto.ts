import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  APPLICATION_STATUSES,
  OPERATION_STEPS,
  REGISTRY_STATUSES,
  type ApplicationStatus,
  type CommandType,
  type OperationStep,
  type RegistryStatus,
  type RiskLevel,
  SCREENING_RESOLUTIONS,
  type ScreeningResolution,
} from '@mo/domain';

/** A profile value of any JSON type (fields are strings, numbers, lists or nested objects). */
const ANY_VALUE = [
  { type: 'string' },
  { type: 'number' },
  { type: 'boolean' },
  { type: 'array', items: {} },
  { type: 'object', additionalProperties: true },
];

export class ActorView {
  @ApiProperty() role!: string;
  @ApiPropertyOptional({ description: 'Omitted for merchants when the actor is staff' }) id?: string;
}

export class FindingScreeningView {
  @ApiProperty() hitId!: string;
  @ApiProperty() entryId!: string;
  @ApiProperty() dataset!: string;
  @ApiProperty() matchedName!: string;
  @ApiProperty({ minimum: 0, maximum: 1 }) score!: number;
}

export class FindingView {
  @ApiProperty() code!: string;
  @ApiProperty({ enum: ['info', 'warning', 'blocking'] }) severity!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional() target?: string;
  @ApiPropertyOptional({ type: FindingScreeningView, description: 'A SCREENING_POTENTIAL_MATCH: the hit it is' })
  screening?: FindingScreeningView;
}

export class ScreenedSubjectView {
  @ApiProperty({ description: '`business`, `legalRepresentative` or `beneficialOwners[<id>]`' }) path!: string;
  @ApiProperty({ description: 'The name as submitted' }) name!: string;
  @ApiPropertyOptional({ description: 'As submitted (YYYY-MM-DD)' }) dateOfBirth?: string;
  @ApiPropertyOptional({ description: 'ISO 3166 alpha-2, lower case' }) nationality?: string;
}

export class ListEntryView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) aliases!: string[];
  @ApiProperty({ type: [String] }) birthDates!: string[];
  @ApiProperty({ type: [String] }) countries!: string[];
  @ApiProperty({ type: [String] }) identifiers!: string[];
  @ApiProperty() dataset!: string;
  @ApiProperty({ type: [String] }) sanctions!: string[];
}

export class ScreeningResolutionView {
  @ApiProperty({ enum: SCREENING_RESOLUTIONS }) resolution!: ScreeningResolution;
  @ApiPropertyOptional({ description: 'Why (internal)' }) note?: string;
  @ApiProperty({ type: ActorView, description: 'Who resolved it' }) by!: ActorView;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'The list version the decision was made against' }) listVersion!: string;
}

export class ScreeningHitView {
  @ApiProperty({ description: 'Stable and URL-safe: the resolution route takes it' }) hitId!: string;
  @ApiProperty({ type: ScreenedSubjectView }) subject!: ScreenedSubjectView;
  @ApiProperty({ type: ListEntryView }) entry!: ListEntryView;
  @ApiProperty({ description: 'The list name or alias that matched' }) matchedName!: string;
  @ApiProperty({ minimum: 0, maximum: 1 }) score!: number;
  @ApiProperty({ description: 'The list version the hit was found in' }) listVersion!: string;
  @ApiProperty({ type: ScreeningResolutionView, nullable: true, description: 'null while open' })
  resolution!: ScreeningResolutionView | null;
}

export class RiskView {
  @ApiProperty({ enum: ['low', 'medium', 'high'] }) level!: RiskLevel;
  @ApiProperty({ type: [FindingView], description: 'Why: the precheck findings' }) findings!: FindingView[];
}

export class ReasonView {
  @ApiProperty({ description: 'Field path or document type to fix' }) target!: string;
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
}

export class RejectionView {
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
}

export class DeadlineView {
  @ApiProperty({ enum: ['draft_inactivity', 'review_sla', 'resubmission', 'micro_deposit', 'agreement'] })
  kind!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class AssigneeView {
  @ApiProperty() id!: string;
  @ApiProperty() role!: string;
  @ApiProperty({ format: 'date-time' }) claimedAt!: string;
}

export class FieldChangeView {
  @ApiProperty() field!: string;
  @ApiPropertyOptional({ description: 'Value in the previous round (documents: the document id)', oneOf: ANY_VALUE })
  before?: unknown;
  @ApiPropertyOptional({ description: 'Value in this round', oneOf: ANY_VALUE }) after?: unknown;
}

export class FailureView {
  @ApiProperty({ description: "The failing activity's failure type" }) type!: string;
  @ApiProperty() message!: string;
}

export class HoldView {
  @ApiProperty({ enum: OPERATION_STEPS, description: 'The automated step that failed' }) step!: OperationStep;
  @ApiProperty({ enum: APPLICATION_STATUSES, description: "The status an admin's retry resumes" })
  resume!: ApplicationStatus;
  @ApiProperty({ format: 'date-time' }) since!: string;
  @ApiPropertyOptional({ type: FailureView, description: 'Staff only: what the step reported' })
  failure?: FailureView;
}

export class RegistryView {
  @ApiProperty({ description: 'The unified social credit code the registry was asked about' }) uscc!: string;
  @ApiProperty({
    enum: REGISTRY_STATUSES,
    description: 'operating (存续/在业), revoked (吊销), deregistered (注销), or not_found',
  })
  status!: RegistryStatus;
  @ApiProperty({ type: String, nullable: true, description: 'The registered name (null when not found)' })
  legalName!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The registered legal representative (null when not found)',
  })
  legalRepresentative!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the registry was asked' }) checkedAt!: string;
}

export class ApplicationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() merchantId!: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: ApplicationStatus;
  @ApiProperty({ description: 'seq of the last event applied' }) version!: number;
  @ApiProperty({ description: 'Review round (1 = first submission)' }) round!: number;
  @ApiProperty({ description: 'What the merchant must provide or fix now', type: [String] }) currentlyDue!: string[];
  @ApiProperty({ type: DeadlineView, nullable: true }) deadline!: DeadlineView | null;
  @ApiProperty({ type: [ReasonView], description: 'Open feedback while changes are requested' })
  feedback!: ReasonView[];
  @ApiPropertyOptional({ type: RiskView, nullable: true, description: 'Staff only' }) risk?: RiskView | null;
  @ApiPropertyOptional({ type: AssigneeView, nullable: true, description: 'Staff only' })
  assignee?: AssigneeView | null;
  @ApiPropertyOptional({ description: 'Staff only: the review SLA was breached' }) escalated?: boolean;
  @ApiPropertyOptional({
    type: [ScreeningHitView],
    description:
      'Staff only: screening potential matches, each beside the person as submitted; approve waits for every one',
  })
  screeningHits?: ScreeningHitView[];
  @ApiPropertyOptional({ type: [FieldChangeView], description: 'Staff only: what the last resubmission changed' })
  changes?: FieldChangeView[];
  @ApiPropertyOptional({
    type: RegistryView,
    nullable: true,
    description:
      'Staff only: what the business registry answered at the last prechecks, the evidence they were decided on (null before they asked it); a mismatch with the profile is a finding',
  })
  registry?: RegistryView | null;
  @ApiProperty({ type: RejectionView, nullable: true }) rejection!: RejectionView | null;
  @ApiProperty({
    type: HoldView,
    nullable: true,
    description: 'While on_hold: an automated step failed; an admin retries it (POST …/retry) or cancels',
  })
  hold!: HoldView | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) walletAccountId!: string | null;
  @ApiProperty({ type: [String] }) requestedCapabilities!: string[];
  @ApiPropertyOptional({ description: 'Micro-deposit confirmation attempts used' }) microDepositAttempts?: number;
  @ApiPropertyOptional({ description: 'The agreement version to accept, while agreement_pending' })
  agreementVersion?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'The current profile; ID and account numbers are masked except for reviewers',
  })
  profile?: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) submittedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ description: 'What the caller may do next', type: [String] }) allowedActions!: CommandType[];
}

/**
 * 202: the action is done (its Update committed) and this is the committed application, but the
 * read model does not show it yet (`Read-Model-Lagging` header); reads show it once its write lands.
 */
export class CommittedApplicationView extends ApplicationView {
  @ApiProperty({ enum: ['READ_MODEL_LAGGING'] }) code!: 'READ_MODEL_LAGGING';
  @ApiProperty({ description: 'What happened and how to wait for it (problem-style)' }) detail!: string;
}

export class ApplicationListView {
  @ApiProperty({ type: [ApplicationView] }) items!: ApplicationView[];
}

export class EventView {
  @ApiProperty() seq!: number;
  @ApiProperty() type!: string;
  @ApiProperty({ type: ActorView }) actor!: ActorView;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: ApplicationStatus;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

export class TimelineView {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ type: [EventView] }) events!: EventView[];
}

export class DocumentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() type!: string;
  @ApiProperty() mediaType!: string;
  @ApiProperty() size!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty({ description: 'Attached to the draft now, or kept for a resubmission' }) attached!: boolean;
}

export class CredentialView {
  @ApiProperty() keyId!: string;
  @ApiProperty({ description: 'Shown exactly once; store it now' }) secret!: string;
}

export class QueueItemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: ApplicationStatus;
  @ApiProperty({ enum: ['low', 'medium', 'high'], nullable: true }) riskLevel!: string | null;
  @ApiProperty() escalated!: boolean;
  @ApiProperty({ type: String, nullable: true }) assigneeId!: string | null;
  @ApiProperty() round!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) submittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) slaDueAt!: string | null;
}

export class QueueView {
  @ApiProperty({ type: [QueueItemView] }) items!: QueueItemView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?after= for the next page' })
  nextCursor!: string | null;
}
