import { Module } from '@nestjs/common';
import { ConfigModule } from '@mo/config';
import { PersistenceModule } from '@mo/persistence';
import { TemporalClientModule } from '@mo/temporal';
import { ActivitiesModule } from './activities/activities.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { TemporalWorkerService } from './temporal-worker.service';

@Module({
  imports: [
    ConfigModule,
    PersistenceModule.forRoot('merchant-onboarding-worker'),
    TemporalClientModule,
    ActivitiesModule,
    MaintenanceModule,
  ],
  providers: [TemporalWorkerService],
  exports: [TemporalWorkerService],
})
export class WorkerModule {}
