/** One definition of how we reach PostgreSQL, shared by the API, the worker and the migrate script. */
import type { DataSourceOptions } from 'typeorm';
import { ApplicationEventEntity } from './entities/application-event.entity';
import { ApplicationProfileEntity } from './entities/application-profile.entity';
import { ApplicationEntity } from './entities/application.entity';
import { WalletAccountEntity } from './entities/wallet-account.entity';
import { InitialSchema1763769600000 } from './migrations/1763769600000-initial-schema';
import { Lifecycle1763856000000 } from './migrations/1763856000000-lifecycle';
import { IdempotencyKeys1763942400000 } from './migrations/1763942400000-idempotency-keys';
import { Webhooks1764028800000 } from './migrations/1764028800000-webhooks';
import { ReviewQueueIndexes1764115200000 } from './migrations/1764115200000-review-queue-indexes';
import { AgreementVersionAndStaffInbox1764201600000 } from './migrations/1764201600000-agreement-version-and-staff-inbox';
import { OperationHolds1764201700000 } from './migrations/1764201700000-operation-holds';
import { IdempotencyAnswersScrubbed1764205000000 } from './migrations/1764205000000-idempotency-answers-scrubbed';
import { WebhookCircuits1764205200000 } from './migrations/1764205200000-webhook-circuits';
import { MetricsIndexes1764288000000 } from './migrations/1764288000000-metrics-indexes';
import { RateLimitWindows1764288100000 } from './migrations/1764288100000-rate-limit-windows';
import { ReviewQueueUnclaimedRisk1764374400000 } from './migrations/1764374400000-review-queue-unclaimed-risk';
import { TenancyCaps1764460800000 } from './migrations/1764460800000-tenancy-caps';
import { RegistryEvidence1764547230000 } from './migrations/1764547230000-registry-evidence';
import { ScreeningHits1764547300000 } from './migrations/1764547300000-screening-hits';
import { ScreeningListVersions1764547400000 } from './migrations/1764547400000-screening-list-versions';
import { DocumentEntity } from './entities/document.entity';
import {
  ApiCredentialEntity,
  FeePlanAssignmentEntity,
  NotificationEntity,
  PayoutTransferEntity,
  WalletCapabilityEntity,
} from './entities/activation.entities';

export const ENTITIES = [
  ApplicationEntity,
  ApplicationEventEntity,
  ApplicationProfileEntity,
  WalletAccountEntity,
  DocumentEntity,
  WalletCapabilityEntity,
  ApiCredentialEntity,
  FeePlanAssignmentEntity,
  PayoutTransferEntity,
  NotificationEntity,
];
export const MIGRATIONS = [
  InitialSchema1763769600000,
  Lifecycle1763856000000,
  IdempotencyKeys1763942400000,
  Webhooks1764028800000,
  ReviewQueueIndexes1764115200000,
  AgreementVersionAndStaffInbox1764201600000,
  OperationHolds1764201700000,
  IdempotencyAnswersScrubbed1764205000000,
  WebhookCircuits1764205200000,
  MetricsIndexes1764288000000,
  RateLimitWindows1764288100000,
  ReviewQueueUnclaimedRisk1764374400000,
  TenancyCaps1764460800000,
  RegistryEvidence1764547230000,
  ScreeningHits1764547300000,
  ScreeningListVersions1764547400000,
];

export function dataSourceOptions(url: string, applicationName: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    applicationName,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    // Schema changes only through committed migrations.
    synchronize: false,
    migrationsRun: false,
    extra: { max: 10 },
  };
}
