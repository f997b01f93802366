import { Module } from '@nestjs/common';
import type { ApplicationActivities } from '@mo/contracts';
import { ActivationActivities } from './activation.activities';
import { PrecheckActivities } from './precheck.activities';
import { RecordingActivities } from './recording.activities';

export const ACTIVITIES = Symbol('ACTIVITIES');

/**
 * Binds the Nest providers to the activity interface the workflow proxies. The type annotation makes
 * a missing or misspelled activity a compile error.
 */
@Module({
  providers: [
    RecordingActivities,
    PrecheckActivities,
    ActivationActivities,
    {
      provide: ACTIVITIES,
      inject: [RecordingActivities, PrecheckActivities, ActivationActivities],
      useFactory: (
        recording: RecordingActivities,
        prechecks: PrecheckActivities,
        activation: ActivationActivities,
      ): ApplicationActivities => ({
        recordTransition: (input) => recording.recordTransition(input),
        runPrechecks: (input) => prechecks.runPrechecks(input),
        createWalletAccount: (input) => activation.createWalletAccount(input),
      }),
    },
  ],
  exports: [ACTIVITIES],
})
export class ActivitiesModule {}
