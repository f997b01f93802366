/**
 * One durable workflow per merchant application. Thin by design: it turns updates into domain
 * commands, asks `decide` for the outcome, and turns the resulting events into activity calls.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  decide,
  isDomainError,
  isTerminal,
  SYSTEM_ACTOR,
  type ApplicationState,
  type Command,
  type Decision,
} from '@mo/domain';
import {
  ApplicationStatusAttribute,
  cancelUpdate,
  createdUpdate,
  decisionUpdate,
  MerchantIdAttribute,
  RiskLevelAttribute,
  stateQuery,
  submitUpdate,
  withdrawUpdate,
  type ApplicationActivities,
  type DecisionInput,
  type StartApplicationInput,
} from '@mo/contracts';

// Recording an event must never be dropped: it retries until PostgreSQL takes it.
const { recordTransition } = proxyActivities<ApplicationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});
const { runPrechecks, createWalletAccount } = proxyActivities<ApplicationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

function decisionCommand(input: DecisionInput): Command {
  return input.decision === 'approve'
    ? { type: 'approve', actor: input.actor, ...(input.note !== undefined ? { note: input.note } : {}) }
    : {
        type: 'reject',
        actor: input.actor,
        code: input.code,
        message: input.message,
        ...(input.note !== undefined ? { note: input.note } : {}),
      };
}

export async function merchantApplicationWorkflow(input: StartApplicationInput): Promise<ApplicationState> {
  const first = orFail(
    decide(
      null,
      {
        type: 'create',
        actor: input.actor,
        applicationId: input.applicationId,
        merchantId: input.merchantId,
        profileRevision: input.profileRevision,
      },
      new Date(),
    ),
  );
  let state: ApplicationState = first.state;
  let createdRecorded = false;
  // Writes are chained so events reach PostgreSQL in seq order even when handlers interleave.
  let lastWrite: Promise<void> = Promise.resolve();

  function attempt(command: Command): Decision {
    return orFail(decide(state, command, new Date()));
  }

  async function commit(decision: Decision): Promise<ApplicationState> {
    state = decision.state;
    upsertSearchAttributes([
      { key: ApplicationStatusAttribute, value: state.status },
      { key: RiskLevelAttribute, value: state.riskLevel },
    ]);
    const write = lastWrite.then(() => recordTransition({ state: decision.state, events: decision.events }));
    lastWrite = write;
    await write;
    return decision.state;
  }

  const apply = (command: Command): Promise<ApplicationState> => commit(attempt(command));

  setHandler(stateQuery, () => state);
  setHandler(createdUpdate, async () => {
    await condition(() => createdRecorded);
    return state;
  });
  /** An actor action: the validator asks the domain first, so a refused action leaves no trace. */
  function onAction<A>(update: UpdateDefinition<ApplicationState, [A]>, toCommand: (arg: A) => Command): void {
    setHandler(update, (arg: A) => apply(toCommand(arg)), {
      validator: (arg: A) => void attempt(toCommand(arg)),
    });
  }
  onAction(submitUpdate, ({ actor }) => ({ type: 'submit', actor }));
  onAction(decisionUpdate, decisionCommand);
  onAction(withdrawUpdate, ({ actor, reason }) => ({
    type: 'withdraw',
    actor,
    ...(reason !== undefined ? { reason } : {}),
  }));
  onAction(cancelUpdate, ({ actor, reason }) => ({ type: 'cancel', actor, reason }));

  upsertSearchAttributes([{ key: MerchantIdAttribute, value: input.merchantId }]);
  await commit(first);
  createdRecorded = true;

  while (!isTerminal(state.status)) {
    await condition(() => state.status === 'prechecking' || state.status === 'activating' || isTerminal(state.status));
    if (state.status === 'prechecking') {
      const result = await runPrechecks({
        applicationId: state.applicationId,
        merchantId: state.merchantId,
        profileRevision: state.profileRevision,
      });
      // The merchant may have withdrawn while the checks ran.
      if (state.status === 'prechecking') {
        await apply({ type: 'complete_prechecks', actor: SYSTEM_ACTOR, ...result });
      }
    } else if (state.status === 'activating') {
      const wallet = await createWalletAccount({
        applicationId: state.applicationId,
        merchantId: state.merchantId,
      });
      await apply({ type: 'complete_activation', actor: SYSTEM_ACTOR, walletAccountId: wallet.walletAccountId });
    }
  }
  await condition(allHandlersFinished);
  return state;
}

function orFail(result: Decision | ReturnType<typeof decide>): Decision {
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
