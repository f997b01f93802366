/**
 * The application as its workflow holds it: the state, and the one way it changes — the domain's
 * `decide`, then a commit the recorder publishes. Update handlers, timers and automated steps all
 * change it through here.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import {
  decide,
  isDomainError,
  type ApplicationState,
  type Command,
  type Decision,
  type DecideOptions,
  type DomainError,
} from '@mo/domain';
import type { StartApplicationInput } from '@mo/contracts';
import { handlerOptions } from './legacy';
import { Recorder } from './recorder';

/** A refusal fails the Update (or, for `create`, the workflow) with the domain's code. */
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

export class Application {
  state: ApplicationState;
  /** The `create` decision of a new application, to commit first; null in a run resumed from another. */
  readonly first: Decision | null;
  /** The `create` decision is committed (the `created` Update answers then). */
  created: boolean;
  readonly recorder: Recorder;

  constructor(input: StartApplicationInput) {
    const resumed = 'resumeFrom' in input;
    this.first = resumed
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
    this.state = resumed ? input.resumeFrom : this.first!.state;
    this.created = resumed;
    this.recorder = new Recorder(resumed && input.unwritten ? [input.unwritten] : [], (command) =>
      this.applyIfStillLegal(command),
    );
  }

  /** The domain's decision on a command, or the refusal thrown. */
  attempt(command: Command, options?: DecideOptions): Decision {
    return orFail(decide(this.state, command, new Date(), options));
  }

  commit(decision: Decision): Promise<ApplicationState> {
    this.state = decision.state;
    return this.recorder.commit(decision);
  }

  /** An actor's command, in an update handler: decided and committed, or refused. */
  apply(command: Command): Promise<ApplicationState> {
    return this.commit(this.attempt(command, handlerOptions(this.state, command)));
  }

  /** For engine-issued commands: the world may have moved on while an activity ran. */
  async applyIfStillLegal(command: Command): Promise<void> {
    const result = decide(this.state, command, new Date());
    if (!isDomainError(result)) await this.commit(result);
  }

  /** For continue-as-new: the state, and what is committed but not known to be written. */
  handOver(): StartApplicationInput {
    return { resumeFrom: this.state, ...this.recorder.handOver() };
  }
}
