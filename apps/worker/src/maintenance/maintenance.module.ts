/**
 * Housekeeping: the activities of the maintenance workflows, and the Temporal Schedules that start
 * them, created (idempotently) when the worker starts.
 */
import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import {
  PURGE_IDEMPOTENCY_KEYS_WORKFLOW_TYPE,
  purgeIdempotencyKeysScheduleId,
  RESCREENING_WORKFLOW_TYPE,
  rescreeningScheduleId,
  type MaintenanceActivities,
  type RescreeningActivities,
} from '@mo/contracts';
import { RescreeningActivitiesImpl } from '../screening/rescreening.activities';
import { ScreeningModule } from '../screening/screening.module';
import { IDEMPOTENCY_TTL_HOURS, IdempotencyRepository, WebhookRepository } from '@mo/persistence';
import { TEMPORAL_CLIENT } from '@mo/temporal';

/** Rows per DELETE, and DELETEs per run (the rest waits for the next hour). */
export const PURGE_BATCH_SIZE = 1000;
const PURGE_MAX_BATCHES = 100;

@Injectable()
export class IdempotencyPurgeActivities implements MaintenanceActivities {
  constructor(private readonly keys: IdempotencyRepository) {}

  async purgeExpiredIdempotencyKeys(): Promise<{ deleted: number }> {
    let deleted = 0;
    for (let batch = 0; batch < PURGE_MAX_BATCHES; batch++) {
      const n = await this.keys.purgeExpired(IDEMPOTENCY_TTL_HOURS, PURGE_BATCH_SIZE);
      deleted += n;
      if (n < PURGE_BATCH_SIZE) break;
    }
    return { deleted };
  }
}

/**
 * At start, encrypts the webhook signing secrets not yet under the active codec key (plaintext rows
 * from before secrets were encrypted, rows under a rotated-out key); reads do the same lazily.
 */
@Injectable()
export class WebhookSecretSealing implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookSecretSealing.name);
  constructor(private readonly webhooks: WebhookRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const sealed = await this.webhooks.sealStoredSecrets();
      if (sealed > 0) this.logger.log(`encrypted ${sealed} webhook signing secrets under the active key`);
    } catch (err) {
      this.logger.warn(`could not encrypt stored webhook secrets: ${err instanceof Error ? err.name : 'error'}`);
    }
  }
}

export const MAINTENANCE_ACTIVITIES = Symbol('MAINTENANCE_ACTIVITIES');

@Injectable()
export class MaintenanceSchedules {
  private readonly logger = new Logger(MaintenanceSchedules.name);

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Creates the hourly purge and the rescreening (SCREENING_RESCREEN_INTERVAL_HOURS) schedules unless
   * they exist; a failure is logged, never fatal (the next start tries again).
   */
  async ensure(): Promise<void> {
    const { taskQueue } = this.config.temporal;
    await this.create(purgeIdempotencyKeysScheduleId(taskQueue), PURGE_IDEMPOTENCY_KEYS_WORKFLOW_TYPE, 1);
    await this.create(
      rescreeningScheduleId(taskQueue),
      RESCREENING_WORKFLOW_TYPE,
      this.config.screening.rescreenIntervalHours,
    );
  }

  private async create(scheduleId: string, workflowType: string, everyHours: number): Promise<void> {
    const { taskQueue } = this.config.temporal;
    try {
      await this.temporal.schedule.create({
        scheduleId,
        spec: { intervals: [{ every: `${everyHours} hours` }] },
        action: { type: 'startWorkflow', workflowType, workflowId: scheduleId, taskQueue, args: [] },
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
      });
      this.logger.log(`created schedule ${scheduleId} (every ${everyHours} h)`);
    } catch (err) {
      if (err instanceof ScheduleAlreadyRunning) return;
      this.logger.warn(`could not create schedule ${scheduleId}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

@Module({
  imports: [ScreeningModule],
  providers: [
    IdempotencyPurgeActivities,
    RescreeningActivitiesImpl,
    WebhookSecretSealing,
    MaintenanceSchedules,
    {
      provide: MAINTENANCE_ACTIVITIES,
      inject: [IdempotencyPurgeActivities, RescreeningActivitiesImpl],
      useFactory: (
        purge: IdempotencyPurgeActivities,
        rescreening: RescreeningActivitiesImpl,
      ): MaintenanceActivities & RescreeningActivities => ({
        purgeExpiredIdempotencyKeys: () => purge.purgeExpiredIdempotencyKeys(),
        reloadScreeningLists: () => rescreening.reloadScreeningLists(),
        rescreenBatch: (input) => rescreening.rescreenBatch(input),
        markRescreened: (input) => rescreening.markRescreened(input),
      }),
    },
  ],
  exports: [MAINTENANCE_ACTIVITIES, MaintenanceSchedules],
})
export class MaintenanceModule {}
