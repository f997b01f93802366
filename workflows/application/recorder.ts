/**
 * What a committed transition leaves outside the workflow: the search attributes and the event log
 * in PostgreSQL. Writes are never dropped; one PostgreSQL refuses for its data is written with
 * markers and puts the application on an operations hold.
 */
import { condition, log, metricMeter, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { SYSTEM_ACTOR, type ApplicationState, type Command, type Decision, type OperationFailure } from '@mo/domain';
import {
  ApplicationStatusAttribute,
  EscalatedAttribute,
  RiskLevelAttribute,
  TRANSITION_UNRECORDABLE,
  type ApplicationActivities,
  type RecordTransitionInput,
} from '@mo/contracts';
import { failureOf, operationFailures, recordCommitted } from './activities';
import {
  closesBeforeWritesSettle,
  indexesEveryTransition,
  inTaskRecordTransition,
  InTaskWrites,
  retriesUnrecordableForEver,
  writesInUpdateTask,
} from './legacy';

const recordRetries = metricMeter.createCounter(
  'merchant_onboarding_record_transition_retries',
  '1',
  'recordTransition failures the workflow retried (an event is never dropped)',
);

type Transition = Pick<Decision, 'state' | 'events'>;

/** Decisions written as one: their events in seq order, and the state after the last. */
export function merged(decisions: readonly Transition[]): RecordTransitionInput {
  return { state: decisions[decisions.length - 1]!.state, events: decisions.flatMap((d) => d.events) };
}

export class Recorder {
  /** What the search attributes were last set to in this run. */
  private indexed: string | undefined;
  private readonly inTask = new InTaskWrites();
  /** Writes scheduled and not yet settled (a later write can overtake an earlier one). */
  private running = 0;

  /**
   * @param unwritten committed decisions not yet known to be written, in seq order (from the run
   *   before, on continue-as-new)
   * @param applyIfStillLegal how an unrecordable write puts the application on hold
   */
  constructor(
    private readonly unwritten: Transition[],
    private readonly applyIfStillLegal: (command: Command) => Promise<void>,
  ) {}

  /**
   * Publishes a committed decision: search attributes now, the write after this workflow task
   * commits (PostgreSQL only ever holds committed history). The caller does not wait for the write:
   * the API answers once the read model has the Update's version, woken by the write's NOTIFY.
   */
  async commit(decision: Decision): Promise<ApplicationState> {
    const state = decision.state;
    const attributes = [
      { key: ApplicationStatusAttribute, value: state.status },
      { key: RiskLevelAttribute, value: state.riskLevel },
      { key: EscalatedAttribute, value: state.escalated },
    ] as const;
    const key = JSON.stringify(attributes.map((a) => a.value));
    // Visibility is written when an attribute changes.
    if (indexesEveryTransition() || key !== this.indexed) {
      upsertSearchAttributes([...attributes]);
      this.indexed = key;
    }
    if (!writesInUpdateTask()) {
      this.unwritten.push(decision);
      this.writeUnwritten();
      return decision.state;
    }
    await this.inTask.chain(() => this.record(decision));
    return decision.state;
  }

  /** What the run before committed but had not written yet goes first. */
  resume(): void {
    if (this.unwritten.length > 0) this.writeUnwritten();
  }

  /** Settles once the in-task path's writes have (legacy; settled at once on the new path). */
  get inTaskWrites(): Promise<void> {
    return this.inTask.last;
  }

  /**
   * Every transition committed so far is in PostgreSQL, and no write is still running: a write's
   * completion landing in the task that closes the run would fail that task.
   */
  async allWritten(): Promise<void> {
    await this.inTask.last;
    await condition(() => this.unwritten.length === 0);
    if (!closesBeforeWritesSettle()) await condition(() => this.running === 0);
  }

  /** For continue-as-new: what is committed and not known to be written goes to the new run. */
  handOver(): { unwritten?: RecordTransitionInput } {
    return this.unwritten.length > 0 ? { unwritten: merged(this.unwritten) } : {};
  }

  /**
   * Writes every committed decision not yet known to be written, as one activity scheduled by the
   * committing workflow task (so nothing waits for an earlier write's completion). Each write holds
   * all events since the last confirmed one, so whichever commits first leaves a gapless,
   * seq-ordered log; a write that lands later is a no-op (events by seq, the read model only moves
   * forward).
   */
  private writeUnwritten(): void {
    const batch = merged(this.unwritten);
    const upTo = batch.state.seq;
    this.running++;
    void this.record(batch, recordCommitted).then((unrecordable) => {
      this.running--;
      while (this.unwritten.length > 0 && this.unwritten[0]!.state.seq <= upTo) this.unwritten.shift();
      // Written, but not all of it: an admin sees it on hold (nothing to hold once it has ended).
      if (unrecordable !== null) {
        void this.applyIfStillLegal({
          type: 'operation_failed',
          actor: SYSTEM_ACTOR,
          step: 'record_transition',
          failure: unrecordable,
        });
      }
    });
  }

  /**
   * Records a transition. Its retry policy has no limit, but an activity can still fail for good (a
   * non-retryable error): an event is never dropped, so the workflow keeps retrying it, backing off.
   * A failure for the data itself (TRANSITION_UNRECORDABLE) is written once more with markers
   * instead of each refused event's data, and returned.
   */
  private async record(
    decision: Transition,
    via?: ApplicationActivities['recordTransition'],
  ): Promise<OperationFailure | null> {
    let unrecordable: OperationFailure | null = null;
    for (let failures = 0; ; failures++) {
      try {
        const recordTransition = via ?? inTaskRecordTransition();
        await recordTransition({
          state: decision.state,
          events: decision.events,
          ...(unrecordable === null ? {} : { markUnrecordable: true }),
        });
        return unrecordable;
      } catch (err) {
        const failure = failureOf(err);
        if (failure === null) throw err;
        if (failure.type === TRANSITION_UNRECORDABLE && unrecordable === null && !retriesUnrecordableForEver()) {
          unrecordable = failure;
          operationFailures.add(1, { step: 'record_transition', failure: failure.type });
          log.warn('recordTransition refused for its data; writing it with markers', { failure: failure.type });
          continue;
        }
        recordRetries.add(1);
        log.error('recordTransition failed for good; retrying', { failure: failure.type, failures: failures + 1 });
        await sleep(Math.min(60_000, 1_000 * 2 ** Math.min(failures, 6)));
      }
    }
  }
}
