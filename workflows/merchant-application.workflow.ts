/**
 * One durable workflow per merchant application. Thin by design: it turns updates and timers into
 * domain commands, asks `decide` for the outcome, and turns the resulting events into activity
 * calls. Every rule lives in `@mo/domain`.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  metricMeter,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  TimeoutFailure,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  ACTIVATION_STEPS,
  automationFor,
  decide,
  involvesOwnApplication,
  isDomainError,
  isTerminal,
  nextTimer,
  SYSTEM_ACTOR,
  type ActivationStep,
  type ApplicationState,
  type Command,
  type Decision,
  type DecideOptions,
  type DomainError,
  type OperationFailure,
  type OperationStep,
} from '@mo/domain';
import {
  ACTION_NAMES,
  ACTIONS,
  ApplicationStatusAttribute,
  createdUpdate,
  EscalatedAttribute,
  MerchantIdAttribute,
  RiskLevelAttribute,
  stateQuery,
  type ActionSpec,
  type ApplicationActivities,
  type MicroDepositInput,
  type RecordTransitionInput,
  type StartApplicationInput,
  TRANSITION_UNRECORDABLE,
} from '@mo/contracts';

/** Patch ids (see docs/testing.md, Changing workflow code safely). */
const SEARCH_ATTRIBUTES_ON_CHANGE = 'search-attributes-on-change';
/** Staff may not act on their own merchant id's application (validators refuse it from the start). */
const SEPARATION_OF_DUTIES = 'separation-of-duties';
/**
 * Before RECORD_AFTER_COMMIT (kept so those histories replay): transitions written by a local
 * activity in the Update's own workflow task. A local activity runs before its workflow task is
 * committed, so a worker killed in between, with the Update then lost to a server restart, left a
 * transition in PostgreSQL that the workflow never made (the cluster crash test found one).
 */
const LOCAL_RECORD = 'record-transition-local';
/**
 * Transitions are written by an activity scheduled in the workflow task that commits them, so
 * PostgreSQL only ever holds committed history; the Update answers in that same task without
 * waiting for the write, and the activity starts eagerly in the same worker. The API answers once
 * the read model has the Update's version (read-your-writes), woken by the write's NOTIFY.
 */
const RECORD_AFTER_COMMIT = 'record-transition-after-commit';
/**
 * A write PostgreSQL refuses for its data (TRANSITION_UNRECORDABLE) is not retried for ever: it is
 * written again with a marker instead of each refused event's data, and the application goes on an
 * operations hold (step `record_transition`) when it is still open. Before: retried with backoff.
 */
const UNRECORDABLE_HOLD = 'unrecordable-transition-hold';

// Recording an event must never be dropped: it retries until PostgreSQL takes it.
const recordRetry = { initialInterval: '500 milliseconds', maximumInterval: '30 seconds', backoffCoefficient: 2 };
/** Before LOCAL_RECORD: an activity task the Update waited for (three task dispatches per action). */
const { recordTransition: recordTransitionTask } = proxyActivities<ApplicationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: recordRetry,
});
/** Replay only (see LOCAL_RECORD). */
const { recordTransition: recordTransitionLocal } = proxyLocalActivities<ApplicationActivities>({
  startToCloseTimeout: '10 seconds',
  localRetryThreshold: '10 seconds',
  retry: recordRetry,
});
/**
 * RECORD_AFTER_COMMIT: a quick write, so a short timeout; an attempt lost with its worker is retried
 * on another one within seconds (the API's wait for the read model outlasts it).
 */
const { recordTransition: recordCommitted } = proxyActivities<ApplicationActivities>({
  startToCloseTimeout: '5 seconds',
  retry: recordRetry,
});
const activities = proxyActivities<ApplicationActivities>({
  // Short: these are quick database writes, and a crashed worker's attempt is retried elsewhere
  // only once this runs out.
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

// Emitted through the worker's Runtime telemetry (Prometheus/OTel when the worker configures them).
const operationFailures = metricMeter.createCounter(
  'merchant_onboarding_operation_failures',
  '1',
  'Automated steps that failed for good (the application went on hold or back to the merchant)',
);
const recordRetries = metricMeter.createCounter(
  'merchant_onboarding_record_transition_retries',
  '1',
  'recordTransition failures the workflow retried (an event is never dropped)',
);

/** What an activity failure says, for the domain's `operation_failed`; null if it is not one. */
function failureOf(err: unknown): OperationFailure | null {
  // A local activity's failure arrives unwrapped (its ApplicationFailure, or the timeout).
  if (err instanceof ApplicationFailure || err instanceof TimeoutFailure) {
    return {
      type: err instanceof ApplicationFailure ? (err.type ?? 'ApplicationFailure') : 'Timeout',
      message: err.message,
    };
  }
  if (!(err instanceof ActivityFailure)) return null;
  const cause = err.cause;
  const type =
    cause instanceof ApplicationFailure ? (cause.type ?? 'ApplicationFailure') : (cause?.name ?? 'ActivityFailure');
  return { type, message: cause?.message ?? err.message };
}

/** Decisions written as one: their events in seq order, and the state after the last. */
function merged(decisions: readonly Pick<Decision, 'state' | 'events'>[]): RecordTransitionInput {
  return { state: decisions[decisions.length - 1]!.state, events: decisions.flatMap((d) => d.events) };
}

function orFail(result: Decision | DomainError): Decision {
  if (isDomainError(result)) {
    throw ApplicationFailure.create({
      type: result.code,
      message: result.message,
      details: [result.details ?? {}],
      nonRetryable: true,
    });
  }
  return result;
}

export async function merchantApplicationWorkflow(input: StartApplicationInput): Promise<ApplicationState> {
  const resumed = 'resumeFrom' in input;
  const first: Decision | null = resumed
    ? null
    : orFail(
        decide(
          null,
          {
            type: 'create',
            actor: input.actor,
            applicationId: input.applicationId,
            merchantId: input.merchantId,
            profileRevision: input.profileRevision,
            capabilities: input.capabilities,
            policy: input.policy,
          },
          new Date(),
        ),
      );
  let state: ApplicationState = resumed ? input.resumeFrom : first!.state;
  let createdRecorded = resumed;
  // Writes are chained so events reach PostgreSQL in seq order even when handlers interleave.
  let lastWrite: Promise<void> = Promise.resolve();
  /** RECORD_AFTER_COMMIT: committed decisions not yet known to be written, in seq order. */
  const unwritten: Pick<Decision, 'state' | 'events'>[] = resumed && input.unwritten ? [input.unwritten] : [];

  const attempt = (command: Command, options?: DecideOptions): Decision =>
    orFail(decide(state, command, new Date(), options));
  /** In a handler: an update accepted before the separation-of-duties rule replays as it was. */
  const handlerOptions = (command: Command): DecideOptions =>
    involvesOwnApplication(state, command) ? { separationOfDuties: patched(SEPARATION_OF_DUTIES) } : {};

  /** What the search attributes were last set to in this run. */
  let indexed: string | undefined;
  async function commit(decision: Decision): Promise<ApplicationState> {
    state = decision.state;
    const attributes = [
      { key: ApplicationStatusAttribute, value: state.status },
      { key: RiskLevelAttribute, value: state.riskLevel },
      { key: EscalatedAttribute, value: state.escalated },
    ] as const;
    const key = JSON.stringify(attributes.map((a) => a.value));
    // Visibility is written when an attribute changes (before this patch: on every transition).
    if (!patched(SEARCH_ATTRIBUTES_ON_CHANGE) || key !== indexed) {
      upsertSearchAttributes([...attributes]);
      indexed = key;
    }
    if (patched(RECORD_AFTER_COMMIT)) {
      // Written after this workflow task commits; the caller does not wait for it.
      unwritten.push(decision);
      writeUnwritten();
      return decision.state;
    }
    const write = lastWrite.then(() => record(decision).then(() => undefined));
    lastWrite = write;
    await write;
    return decision.state;
  }
  /**
   * Writes every committed decision not yet known to be written, as one activity scheduled by the
   * committing workflow task (so nothing waits for an earlier write's completion). Each write holds
   * all events since the last confirmed one, so whichever commits first leaves a gapless,
   * seq-ordered log; a write that lands later is a no-op (events by seq, the read model only moves
   * forward).
   */
  function writeUnwritten(): void {
    const batch = merged(unwritten);
    const upTo = batch.state.seq;
    void record(batch, recordCommitted).then((unrecordable) => {
      while (unwritten.length > 0 && unwritten[0]!.state.seq <= upTo) unwritten.shift();
      // Written, but not all of it: an admin sees it on hold (nothing to hold once it has ended).
      if (unrecordable !== null) {
        void applyIfStillLegal({
          type: 'operation_failed',
          actor: SYSTEM_ACTOR,
          step: 'record_transition',
          failure: unrecordable,
        });
      }
    });
  }
  /** Every transition committed so far is in PostgreSQL. */
  const allWritten = async (): Promise<void> => {
    await lastWrite;
    await condition(() => unwritten.length === 0);
  };
  /**
   * Records a transition. Its retry policy has no limit, but an activity can still fail for good (a
   * non-retryable error): an event is never dropped, so the workflow keeps retrying it, backing off.
   * A failure for the data itself is written once more with markers (UNRECORDABLE_HOLD) and returned.
   */
  async function record(
    decision: Pick<Decision, 'state' | 'events'>,
    via?: ApplicationActivities['recordTransition'],
  ): Promise<OperationFailure | null> {
    let unrecordable: OperationFailure | null = null;
    for (let failures = 0; ; failures++) {
      try {
        const recordTransition = via ?? (patched(LOCAL_RECORD) ? recordTransitionLocal : recordTransitionTask);
        await recordTransition({
          state: decision.state,
          events: decision.events,
          ...(unrecordable === null ? {} : { markUnrecordable: true }),
        });
        return unrecordable;
      } catch (err) {
        const failure = failureOf(err);
        if (failure === null) throw err;
        if (failure.type === TRANSITION_UNRECORDABLE && unrecordable === null && patched(UNRECORDABLE_HOLD)) {
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
  const apply = (command: Command): Promise<ApplicationState> => commit(attempt(command, handlerOptions(command)));

  /**
   * Runs an automated step. If its activity fails for good, the domain decides what follows (back to
   * the merchant with feedback, or an operations hold an admin can retry): no failure ends an
   * application. Returns undefined when the step failed.
   */
  async function step<T>(name: OperationStep, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (err) {
      const failure = failureOf(err);
      if (failure === null) throw err;
      operationFailures.add(1, { step: name, failure: failure.type });
      log.warn('automated step failed for good', { step: name, failure: failure.type });
      await applyIfStillLegal({ type: 'operation_failed', actor: SYSTEM_ACTOR, step: name, failure });
      return undefined;
    }
  }
  /** For engine-issued commands: the world may have moved on while an activity ran. */
  const applyIfStillLegal = async (command: Command): Promise<void> => {
    const result = decide(state, command, new Date());
    if (!isDomainError(result)) await commit(result);
  };

  setHandler(stateQuery, () => state);
  setHandler(createdUpdate, async () => {
    await condition(() => createdRecorded);
    return state;
  });

  /** An actor action: the validator asks the domain first, so a refused action leaves no trace. */
  function onAction<A>({ update, toCommand }: ActionSpec<A, unknown>): void {
    setHandler(update, (arg: A) => apply(toCommand(arg)), {
      validator: (arg: A) => void attempt(toCommand(arg)),
    });
  }
  for (const name of ACTION_NAMES) {
    if (name !== 'confirmMicroDeposit') onAction(ACTIONS[name] as ActionSpec<unknown, unknown>);
  }
  // The amount is checked against the bank's record by an activity; the domain sees only the result.
  const microDeposit = ACTIONS.confirmMicroDeposit;
  setHandler(
    microDeposit.update,
    async ({ actor, amount }) => {
      attempt(microDeposit.toCommand({ actor, amount }));
      const checked = await step('verify_micro_deposit', () =>
        activities.verifyMicroDeposit({
          applicationId: state.applicationId,
          transferId: state.microDeposit?.transferId ?? '',
          amount,
        }),
      );
      // The check itself failed: the application is on hold now and the attempt is not counted.
      if (checked === undefined) return state;
      return apply({ type: 'confirm_micro_deposit', actor, matched: checked.matched });
    },
    {
      validator: (input: MicroDepositInput) => void attempt(microDeposit.toCommand(input)),
    },
  );

  if (first !== null) {
    upsertSearchAttributes([{ key: MerchantIdAttribute, value: state.merchantId }]);
    await commit(first);
    createdRecorded = true;
  }
  // What the run before committed but had not written yet.
  if (unwritten.length > 0) writeUnwritten();

  while (!isTerminal(state.status)) {
    const automation = automationFor(state);
    if (automation !== null) {
      await automate(automation);
      continue;
    }
    const seq = state.seq;
    const timer = nextTimer(state);
    const moved = (): boolean => state.seq !== seq || automationFor(state) !== null;
    if (timer === null) {
      await condition(moved);
    } else if (!(await condition(moved, Math.max(1, Date.parse(timer.at) - Date.now())))) {
      await applyIfStillLegal(timer.command);
    }

    if (workflowInfo().continueAsNewSuggested && !isTerminal(state.status)) {
      // Keep histories bounded; wait for in-flight updates so none is lost across the hand-over.
      // Transitions committed and not known to be written go to the new run, which writes them
      // first (a busy application cannot hold the hand-over off by committing faster than it writes).
      await condition(allHandlersFinished);
      await lastWrite;
      if (automationFor(state) === null) {
        await continueAsNew<typeof merchantApplicationWorkflow>({
          resumeFrom: state,
          ...(unwritten.length > 0 ? { unwritten: merged(unwritten) } : {}),
        });
      }
    }
  }
  await condition(allHandlersFinished);
  await allWritten();
  return state;

  async function automate(automation: NonNullable<ReturnType<typeof automationFor>>): Promise<void> {
    const ref = { applicationId: state.applicationId, merchantId: state.merchantId };
    switch (automation) {
      case 'prechecks': {
        const result = await step('prechecks', () =>
          activities.runPrechecks({ ...ref, profileRevision: state.profileRevision }),
        );
        if (result !== undefined)
          await applyIfStillLegal({ type: 'complete_prechecks', actor: SYSTEM_ACTOR, ...result });
        return;
      }
      case 'send_micro_deposit': {
        const sent = await step('send_micro_deposit', () =>
          activities.sendMicroDeposit({ ...ref, profileRevision: state.profileRevision, round: state.round }),
        );
        if (sent !== undefined) {
          await applyIfStillLegal({
            type: 'record_micro_deposit_sent',
            actor: SYSTEM_ACTOR,
            transferId: sent.transferId,
          });
        }
        return;
      }
      case 'activation': {
        for (const activationStep of ACTIVATION_STEPS) {
          if (state.activation[activationStep] !== undefined) continue;
          const ref_ = await step('activation', () => activate(activationStep, ref));
          if (ref_ === undefined) return;
          // A write refused for its data may have put it on hold meanwhile; a retry resumes from here.
          if (state.status !== 'activating') return;
          await apply({ type: 'record_activation_step', actor: SYSTEM_ACTOR, step: activationStep, ref: ref_ });
        }
        if (state.status !== 'activating') return;
        await apply({ type: 'complete_activation', actor: SYSTEM_ACTOR });
        return;
      }
    }
  }

  async function activate(step: ActivationStep, ref: { applicationId: string; merchantId: string }): Promise<string> {
    switch (step) {
      case 'wallet':
        return (await activities.createWalletAccount(ref)).walletAccountId;
      case 'capabilities':
        return (await activities.enableCapabilities({ ...ref, capabilities: state.requestedCapabilities })).enabled;
      case 'credentials':
        return (await activities.issueApiCredentials(ref)).credentialId;
      case 'fee_plan':
        return (await activities.assignFeePlan(ref)).feePlan;
    }
  }
}
