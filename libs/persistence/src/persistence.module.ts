import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import { dataSourceOptions } from './data-source-options';
import { ActivationRepository } from './repositories/activation.repository';
import { ApplicationChanges } from './repositories/application-changes';
import { ApplicationRepository } from './repositories/application.repository';
import { BusinessMetricsRepository } from './repositories/business-metrics.repository';
import { DocumentRepository } from './repositories/document.repository';
import { IdempotencyRepository } from './repositories/idempotency.repository';
import { NotificationRepository } from './repositories/notification.repository';
import { ScreeningRepository } from './repositories/screening.repository';
import { WebhookRepository } from './repositories/webhook.repository';
import { PayoutRepository } from './repositories/payout.repository';
import { RateLimitRepository } from './repositories/rate-limit.repository';
import { EventRepository } from './repositories/event.repository';
import { ProfileRepository } from './repositories/profile.repository';
import { TransitionRepository } from './repositories/transition.repository';
import { WalletAccountRepository } from './repositories/wallet-account.repository';

const REPOSITORIES = [
  ActivationRepository,
  ApplicationChanges,
  ApplicationRepository,
  BusinessMetricsRepository,
  DocumentRepository,
  IdempotencyRepository,
  NotificationRepository,
  PayoutRepository,
  RateLimitRepository,
  ScreeningRepository,
  EventRepository,
  ProfileRepository,
  TransitionRepository,
  WalletAccountRepository,
  WebhookRepository,
];

/** TypeORM on PostgreSQL plus the repositories; `applicationName` shows up in pg_stat_activity. */
@Module({})
export class PersistenceModule {
  static forRoot(applicationName: string): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => dataSourceOptions(config.database.url.reveal(), applicationName),
        }),
      ],
      providers: REPOSITORIES,
      exports: REPOSITORIES,
    };
  }
}
