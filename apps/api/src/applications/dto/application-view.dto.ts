import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPLICATION_STATUSES, type ApplicationStatus, type CommandType, type RiskLevel } from '@mo/domain';

export class FindingView {
  @ApiProperty() code!: string;
  @ApiProperty({ enum: ['info', 'warning', 'blocking'] }) severity!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional() target?: string;
}

export class RiskView {
  @ApiProperty({ enum: ['low', 'medium', 'high'] }) level!: RiskLevel;
  @ApiProperty({ type: [FindingView] }) findings!: FindingView[];
}

export class RejectionView {
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
}

export class ApplicationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() merchantId!: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: ApplicationStatus;
  @ApiProperty({ description: 'seq of the last event applied' }) version!: number;
  @ApiPropertyOptional({ type: RiskView, description: 'Reviewers and admins only' }) risk?: RiskView | null;
  @ApiProperty({ type: RejectionView, nullable: true }) rejection!: RejectionView | null;
  @ApiProperty({ nullable: true, format: 'uuid' }) walletAccountId!: string | null;
  @ApiProperty({ nullable: true, format: 'date-time' }) submittedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ description: 'What the caller may do next', type: [String] }) allowedActions!: CommandType[];
}

export class ApplicationListView {
  @ApiProperty({ type: [ApplicationView] }) items!: ApplicationView[];
}

export class ActorView {
  @ApiProperty() role!: string;
  @ApiPropertyOptional({ description: 'Omitted for merchants when the actor is staff' }) id?: string;
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
