/**
 * Every compatibility path of the application workflow, in one place: each `patched()` call and the
 * old code it guards, kept so runs started before a change replay as they ran (see
 * docs/operations.md, Upgrading workflow code safely). The rest of workflows/ reads as new runs work.
 *
 * When each can go: once no open run started before the deploy that added it (a visibility query
 * on start time; continue-as-new starts a new run, which takes every new path). Then make it
 * `deprecatePatch`, and remove it after all runs started before that have closed; the histories
 * that replay the old path (test/histories) go with it.
 *
 * - `search-attributes-on-change` (9105a8a, 2026-11-22): before it, search attributes were upserted
 *   on every transition. Old path: the histories without a patch marker (happy-path-full.json,
 *   resubmit-then-approve.json, ...). Can go when no open run started before 9105a8a.
 * - `separation-of-duties` (3ad3401, 2026-12-04): before it, an update handler accepted staff acting
 *   on their own merchant id's application (validators refuse it either way).
 *   Old path: self-review-before-separation-of-duties.json. Can go when no open run started before
 *   3ad3401.
 * - `record-transition-after-commit` (62e88fb, 2026-12-05): before it, transitions were written in
 *   the Update's own workflow task, chained, and the Update waited for the write ({@link InTaskWrites}).
 *   Old path: every history without this marker. Can go, with `record-transition-local` and
 *   {@link InTaskWrites}, when no open run started before 62e88fb.
 * - `record-transition-local` (0dcdc21, 2026-12-05), only asked on the in-task path: the write was a
 *   local activity; before it, an activity task. Old paths: *-local-record.json (local) and the
 *   unpatched histories (task). The task path can go when no open run started before 0dcdc21.
 * - `unrecordable-transition-hold` (ef1f44f, 2026-12-07), only asked after a write refused for its
 *   data: it is written once more with markers and the application held; before it, retried with
 *   backoff for ever. No history records the old path (it shows only in a run whose write was
 *   refused), so replay cannot prove it unused: a run wedged that way before ef1f44f would take
 *   it. Can go when no open run started before ef1f44f.
 * - `close-after-writes-settle` (2026-12-07): a run closes once every write it scheduled has
 *   settled; before it, once the log held every committed transition, while an earlier write that a
 *   later one overtook could still be running (its completion, landing in the closing workflow
 *   task, failed that task: UNHANDLED_COMMAND, found by workflow-tasks.e2e in CI). Old path: every
 *   history without this marker. Can go when no open run started before it.
 */
import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import { involvesOwnApplication, type ApplicationState, type Command, type DecideOptions } from '@mo/domain';
import type { ApplicationActivities } from '@mo/contracts';
import { recordRetry } from './activities';

/** Patch ids, recorded in histories: never renamed (see docs/testing.md, Changing workflow code safely). */
const SEARCH_ATTRIBUTES_ON_CHANGE = 'search-attributes-on-change';
const SEPARATION_OF_DUTIES = 'separation-of-duties';
const LOCAL_RECORD = 'record-transition-local';
const RECORD_AFTER_COMMIT = 'record-transition-after-commit';
const UNRECORDABLE_HOLD = 'unrecordable-transition-hold';
const CLOSE_AFTER_WRITES_SETTLE = 'close-after-writes-settle';

/** Search attributes are upserted on every transition, not only when one changes. */
export function indexesEveryTransition(): boolean {
  return !patched(SEARCH_ATTRIBUTES_ON_CHANGE);
}

/** In an update handler: an update accepted before the separation-of-duties rule replays as it was. */
export function handlerOptions(state: ApplicationState, command: Command): DecideOptions {
  return involvesOwnApplication(state, command) ? { separationOfDuties: patched(SEPARATION_OF_DUTIES) } : {};
}

/**
 * Transitions are written in the Update's own workflow task and the Update waits for the write
 * (now: by an activity the committing task schedules, not waited for).
 */
export function writesInUpdateTask(): boolean {
  return !patched(RECORD_AFTER_COMMIT);
}

/** Before LOCAL_RECORD: an activity task the Update waited for (three task dispatches per action). */
const { recordTransition: recordTransitionTask } = proxyActivities<ApplicationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: recordRetry,
});
/**
 * LOCAL_RECORD: transitions written by a local activity in the Update's own workflow task. A local
 * activity runs before its workflow task is committed, so a worker killed in between, with the
 * Update then lost to a server restart, left a transition in PostgreSQL that the workflow never made
 * (the cluster crash test found one): hence RECORD_AFTER_COMMIT.
 */
const { recordTransition: recordTransitionLocal } = proxyLocalActivities<ApplicationActivities>({
  startToCloseTimeout: '10 seconds',
  localRetryThreshold: '10 seconds',
  retry: recordRetry,
});

/** The in-task path's write: a local activity, or before LOCAL_RECORD an activity task. */
export function inTaskRecordTransition(): ApplicationActivities['recordTransition'] {
  return patched(LOCAL_RECORD) ? recordTransitionLocal : recordTransitionTask;
}

/**
 * The in-task path's writes, chained so events reach PostgreSQL in seq order even when handlers
 * interleave. Always settled on the new path (nothing is chained there).
 */
export class InTaskWrites {
  /** Settles once every write chained so far has. */
  last: Promise<void> = Promise.resolve();

  /** Runs `write` after the writes before it; settles when it has. */
  chain(write: () => Promise<unknown>): Promise<void> {
    const next = this.last.then(() => write().then(() => undefined));
    this.last = next;
    return next;
  }
}

/** A write refused for its data (TRANSITION_UNRECORDABLE) is retried with backoff like any other. */
export function retriesUnrecordableForEver(): boolean {
  return !patched(UNRECORDABLE_HOLD);
}

/** The run closes once the log holds every transition, even with an overtaken write still running. */
export function closesBeforeWritesSettle(): boolean {
  return !patched(CLOSE_AFTER_WRITES_SETTLE);
}
