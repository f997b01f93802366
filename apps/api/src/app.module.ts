import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ConfigModule } from '@mo/config';
import { PersistenceModule } from '@mo/persistence';
import { TemporalClientModule } from '@mo/temporal';
import { ApplicationsModule } from './applications/applications.module';
import { AuthModule } from './auth/auth.module';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { DocumentsModule } from './documents/documents.module';
import { ReviewController } from './review/review.controller';
import { HealthController } from './health/health.controller';

@Module({
  imports: [
    ConfigModule,
    PersistenceModule.forRoot('merchant-onboarding-api'),
    TemporalClientModule,
    AuthModule,
    ApplicationsModule,
    DocumentsModule,
  ],
  controllers: [HealthController, ReviewController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
})
export class AppModule {}
