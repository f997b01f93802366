/**
 * The benchmark's baseline: a workflow with as many updates, activities and timers as one real
 * application lifecycle (counted from its history at run time and passed in), with no-op bodies.
 * What it costs is what Temporal itself costs on this server; the lifecycle's surplus is ours.
 */
import {
  allHandlersFinished,
  condition,
  defineUpdate,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';

export interface BaselineShape {
  /** Updates the client sends (the first one with the start), like the API's actions. */
  readonly updates: number;
  readonly activities: number;
  /** Local activities (histories from when the lifecycle recorded each transition with one). */
  readonly localActivities: number;
  /**
   * An update answers at its commit and its write follows as an activity that commit schedules, as
   * the lifecycle does since `record-transition-after-commit`; otherwise it waits for its activity.
   */
  readonly writeAfterCommit?: boolean;
  /**
   * Of `activities`, the transition writes (with `writeAfterCommit`): one per update, the rest after
   * the automated steps, none waited for; the other activities are the automated steps, in turn.
   */
  readonly writes?: number;
  /** Timers started and cancelled, like the lifecycle's deadlines that a next action beats. */
  readonly timers: number;
}

export interface BaselineActivities {
  noop(): Promise<void>;
  localNoop(): Promise<void>;
}

export const baselineStepUpdate = defineUpdate<number>('step');

const { noop } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });
const { localNoop } = proxyLocalActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

export async function baselineWorkflow(shape: BaselineShape): Promise<number> {
  let received = 0;
  let activitiesStarted = 0;
  let localStarted = 0;
  let timersStarted = 0;
  /** The next activity, local first (the lifecycle records each transition locally). */
  const nextActivity = (): Promise<void> | undefined => {
    if (localStarted < shape.localActivities) {
      localStarted++;
      return localNoop();
    }
    if (activitiesStarted < shape.activities) {
      activitiesStarted++;
      return noop();
    }
    return undefined;
  };
  // Writes after the commit: an activity the committing workflow task schedules, not waited for.
  const writes = shape.writeAfterCommit ? (shape.writes ?? 0) : 0;
  let writesStarted = 0;
  let writing = 0;
  const write = (): void => {
    if (writesStarted >= writes || activitiesStarted >= shape.activities) return;
    writesStarted++;
    writing++;
    void nextActivity()!.then(() => writing--);
  };
  setHandler(baselineStepUpdate, async () => {
    received++;
    if (shape.writeAfterCommit) {
      // Like the lifecycle: answered at the commit, its write scheduled by it.
      write();
      return received;
    }
    // Before: an update answered after its write (recordTransition) had run.
    await nextActivity();
    return received;
  });

  // Each wait for the next update has a long deadline that the update beats (timer cancelled).
  while (received < shape.updates) {
    const seen = received;
    if (timersStarted < shape.timers) {
      timersStarted++;
      await condition(() => received > seen, '30 days');
    } else {
      await condition(() => received > seen);
    }
  }
  await condition(allHandlersFinished);
  // The automated steps: the remaining activities, each raced by a deadline if timers remain (and
  // each followed by its write).
  const step = (): Promise<void> | undefined =>
    activitiesStarted + (writes - writesStarted) < shape.activities || localStarted < shape.localActivities
      ? nextActivity()
      : undefined;
  for (let activity = step(); activity !== undefined; activity = step()) {
    if (timersStarted < shape.timers) {
      timersStarted++;
      let done = false;
      const finished = activity.then(() => {
        done = true;
      });
      await condition(() => done, '30 days');
      await finished;
    } else {
      await activity;
    }
    write();
  }
  while (writesStarted < writes && activitiesStarted < shape.activities) write();
  await condition(() => writing === 0);
  return received;
}
