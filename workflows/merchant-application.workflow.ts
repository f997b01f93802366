/**
 * One durable workflow per merchant application. Thin by design: it turns updates and timers into
 * domain commands, asks `decide` for the outcome, and turns the resulting events into activity
 * calls. Every rule lives in `@mo/domain`.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
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
  type StartApplicationInput,
} from '@mo/contracts';

/** Patch ids (see README, Changing workflow code safely). */
const SEARCH_ATTRIBUTES_ON_CHANGE = 'search-attributes-on-change';
/** Staff may not act on their own merchant id's application (validators refuse it from the start). */
const SEPARATION_OF_DUTIES = 'separation-of-duties';

// Recording an event must never be dropped: it retries until PostgreSQL takes it. (A local activity
// would answer actions sooner, but under many concurrent updates the SDK aborted some of them: see
// docs/performance.md.)
const { recordTransition } = proxyActivities<ApplicationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});
const activities = proxyActivities<ApplicationActivities>({
  // Short: these are quick database writes, and a crashed worker's attempt is retried elsewhere
  // only once this runs out.
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

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
    const write = lastWrite.then(() => recordTransition({ state: decision.state, events: decision.events }));
    lastWrite = write;
    await write;
    return decision.state;
  }
  const apply = (command: Command): Promise<ApplicationState> => commit(attempt(command, handlerOptions(command)));
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
      const { matched } = await activities.verifyMicroDeposit({
        applicationId: state.applicationId,
        transferId: state.microDeposit?.transferId ?? '',
        amount,
      });
      return apply({ type: 'confirm_micro_deposit', actor, matched });
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
      await condition(allHandlersFinished);
      await lastWrite;
      if (automationFor(state) === null) await continueAsNew<typeof merchantApplicationWorkflow>({ resumeFrom: state });
    }
  }
  await condition(allHandlersFinished);
  await lastWrite;
  return state;

  async function automate(automation: NonNullable<ReturnType<typeof automationFor>>): Promise<void> {
    const ref = { applicationId: state.applicationId, merchantId: state.merchantId };
    switch (automation) {
      case 'prechecks': {
        const result = await activities.runPrechecks({ ...ref, profileRevision: state.profileRevision });
        await applyIfStillLegal({ type: 'complete_prechecks', actor: SYSTEM_ACTOR, ...result });
        return;
      }
      case 'send_micro_deposit': {
        const { transferId } = await activities.sendMicroDeposit({
          ...ref,
          profileRevision: state.profileRevision,
          round: state.round,
        });
        await applyIfStillLegal({ type: 'record_micro_deposit_sent', actor: SYSTEM_ACTOR, transferId });
        return;
      }
      case 'activation': {
        for (const step of ACTIVATION_STEPS) {
          if (state.activation[step] !== undefined) continue;
          const ref_ = await activate(step, ref);
          await apply({ type: 'record_activation_step', actor: SYSTEM_ACTOR, step, ref: ref_ });
        }
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
