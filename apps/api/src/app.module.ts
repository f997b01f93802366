import { Module } from '@nestjs/common';
import { ConfigModule } from '@mo/config';
import { PersistenceModule } from '@mo/persistence';
import { TemporalClientModule } from '@mo/temporal';
import { ApplicationsModule } from './applications/applications.module';
import { AuthModule } from './auth/auth.module';
import { HealthController } from './health/health.controller';

@Module({
  imports: [
    ConfigModule,
    PersistenceModule.forRoot('merchant-onboarding-api'),
    TemporalClientModule,
    AuthModule,
    ApplicationsModule,
  ],
  controllers: [HealthController],
})
export class AppModule {}
