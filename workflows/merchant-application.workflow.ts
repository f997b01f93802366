/**
 * One durable workflow per merchant application. Thin by design: it turns updates and timers into
 * domain commands, asks `decide` for the outcome (every rule lives in `@mo/domain`), and lets the
 * automated steps and the recorder (workflows/application/) turn the events into activity calls.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { automationFor, isTerminal, nextTimer, type ApplicationState, type Command } from '@mo/domain';
import {
  ACTION_NAMES,
  ACTIONS,
  addScreeningHitsUpdate,
  createdUpdate,
  MerchantIdAttribute,
  stateQuery,
  type ActionName,
  type ActionSpec,
  type CommandInput,
  type MicroDepositInput,
  type StartApplicationInput,
} from '@mo/contracts';
import { Application } from './application/application';
import { AutomatedSteps } from './application/automated-steps';

export async function merchantApplicationWorkflow(input: StartApplicationInput): Promise<ApplicationState> {
  const app = new Application(input);
  const steps = new AutomatedSteps(app);

  setHandler(stateQuery, () => app.state);
  setHandler(createdUpdate, async () => {
    await condition(() => app.created);
    return app.state;
  });

  // Every action is an Update from the table of ACTIONS: decided and committed, except those
  // listed here, which do more first.
  const handlers: Partial<Record<ActionName, (input: unknown) => Promise<ApplicationState>>> = {
    confirmMicroDeposit: (input) => steps.confirmMicroDeposit(input as MicroDepositInput),
  };
  // Registered in the order they always were: setting a handler runs the Updates buffered for it.
  const names = [...ACTION_NAMES.filter((n) => !(n in handlers)), ...ACTION_NAMES.filter((n) => n in handlers)];
  for (const name of names) {
    const { update, toCommand } = ACTIONS[name] as ActionSpec<unknown, unknown>;
    // `decide` runs twice per Update, on purpose: the validator decides only to refuse (a refused
    // Update leaves no trace in history); the handler decides again for the decision it commits
    // (confirmMicroDeposit's handler decides before its bank check too: a closed try calls none).
    setHandler(update, handlers[name] ?? ((input) => app.apply(toCommand(input))), {
      validator: (input: unknown) => void app.attempt(toCommand(input)),
    });
  }

  // Rescreening's new hits (the system's, not an API action).
  const addHits = (input: CommandInput<'add_screening_hits'>): Command => ({ type: 'add_screening_hits', ...input });
  setHandler(addScreeningHitsUpdate, (input) => app.apply(addHits(input)), {
    validator: (input: CommandInput<'add_screening_hits'>) => void app.attempt(addHits(input)),
  });

  // A new application's creation is committed first; a resumed run first writes what its
  // predecessor left unwritten.
  if (app.first !== null) {
    upsertSearchAttributes([{ key: MerchantIdAttribute, value: app.state.merchantId }]);
    await app.commit(app.first);
    app.created = true;
  }
  app.recorder.resume();

  while (!isTerminal(app.state.status)) {
    const automation = automationFor(app.state);
    if (automation !== null) {
      await steps.run(automation);
      continue;
    }
    // Wait for an action, or for the next deadline to pass.
    const seq = app.state.seq;
    const timer = nextTimer(app.state);
    const moved = (): boolean => app.state.seq !== seq || automationFor(app.state) !== null;
    if (timer === null) {
      await condition(moved);
    } else if (!(await condition(moved, Math.max(1, Date.parse(timer.at) - Date.now())))) {
      await app.applyIfStillLegal(timer.command);
    }

    if (workflowInfo().continueAsNewSuggested && !isTerminal(app.state.status)) {
      // Keep histories bounded; wait for in-flight updates so none is lost across the hand-over.
      // Transitions committed and not known to be written go to the new run, which writes them
      // first (a busy application cannot hold the hand-over off by committing faster than it writes).
      await condition(allHandlersFinished);
      await app.recorder.inTaskWrites; // the in-task path's (legacy.ts); settled on the new path
      if (automationFor(app.state) === null) {
        await continueAsNew<typeof merchantApplicationWorkflow>(app.handOver());
      }
    }
  }
  await condition(allHandlersFinished);
  await app.recorder.allWritten();
  return app.state;
}
