import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, ConfigModule, type AppConfig } from '@mo/config';
import { PersistenceModule } from '@mo/persistence';
import { TemporalClientModule } from '@mo/temporal';
import { ApplicationsModule } from './applications/applications.module';
import { AuthGuard } from './auth/auth.guard';
import { CodecController } from './codec/codec.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { AuthModule } from './auth/auth.module';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { CallerThrottlerGuard } from './common/caller-throttler.guard';
import { DocumentsModule } from './documents/documents.module';
import { ReviewController } from './review/review.controller';
import { HealthController } from './health/health.controller';
import { OperationsModule } from './operations/operations.module';
import { MetricsModule } from './metrics/metrics.module';

@Module({
  imports: [
    ConfigModule,
    PersistenceModule.forRoot('merchant-onboarding-api'),
    TemporalClientModule,
    AuthModule,
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ ttl: 60_000, limit: config.api.rateLimitPerMinute }],
      }),
    }),
    ApplicationsModule,
    DocumentsModule,
    OperationsModule,
    MetricsModule,
  ],
  controllers: [HealthController, ReviewController, CodecController, WebhooksController],
  providers: [
    // Global guards run in this order: authenticate first, so the rate limit is per caller.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: CallerThrottlerGuard },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
export class AppModule {}
