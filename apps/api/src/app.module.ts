import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, ConfigModule, type AppConfig } from '@mo/config';
import { PersistenceModule, RateLimitRepository } from '@mo/persistence';
import { TemporalClientModule } from '@mo/temporal';
import { ApplicationsModule } from './applications/applications.module';
import { AuthGuard } from './auth/auth.guard';
import { CodecModule } from './codec/codec.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { AuthModule } from './auth/auth.module';
import { APPLICATION_RENDERER, IdempotencyInterceptor } from './common/idempotency.interceptor';
import { ApplicationReadsService } from './applications/application-reads.service';
import { AuthFailureThrottlerGuard, CallerThrottlerGuard } from './common/caller-throttler.guard';
import { PostgresThrottlerStorage } from './common/postgres-throttler.storage';
import { DocumentsModule } from './documents/documents.module';
import { ReviewModule } from './review/review.module';
import { HealthModule } from './health/health.module';
import { OperationsModule } from './operations/operations.module';
import { MetricsModule } from './metrics/metrics.module';
import { AdminMetricsModule } from './admin/admin-metrics.module';
import { ReasonsModule } from './reasons/reasons.module';
import { ConsoleModule } from './console/console.module';

@Module({
  imports: [
    ConfigModule,
    PersistenceModule.forRoot('merchant-onboarding-api'),
    TemporalClientModule,
    AuthModule,
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, RateLimitRepository],
      useFactory: (config: AppConfig, counters: RateLimitRepository) => ({
        throttlers: [{ ttl: 60_000, limit: config.api.rateLimitPerMinute }],
        // Counted in PostgreSQL, so the limit holds across API instances.
        storage: new PostgresThrottlerStorage(counters),
      }),
    }),
    ApplicationsModule,
    DocumentsModule,
    OperationsModule,
    ReviewModule,
    WebhooksModule,
    HealthModule,
    CodecModule,
    MetricsModule,
    AdminMetricsModule,
    ReasonsModule,
  ],
  providers: [
    // Global guards run in this order: an address with too many failed authentications is refused
    // before its token is verified; then authenticate, so the rate limit is per caller.
    { provide: APP_GUARD, useClass: AuthFailureThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: CallerThrottlerGuard },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    // Replays render the application again for the caller instead of storing the answer.
    { provide: APPLICATION_RENDERER, useExisting: ApplicationReadsService },
  ],
})
export class AppModule {
  /** Built when the app is, so modules that depend on configuration read it then, not at import. */
  static register(): DynamicModule {
    return { module: AppModule, imports: [ConsoleModule.register()] };
  }
}
