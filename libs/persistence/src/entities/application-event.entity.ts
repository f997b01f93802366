import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ActorRole, ApplicationStatus, EventType } from '@mo/domain';

/** Append-only audit log: one row per domain event, gapless seq per application. */
@Entity({ name: 'application_events' })
export class ApplicationEventEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'text' })
  type!: EventType;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole!: ActorRole;

  @Column({ name: 'actor_id', type: 'text' })
  actorId!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  status!: ApplicationStatus;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
