/** Builds events and the next state together, so seq, status and updatedAt can never disagree. */
import {
  SYSTEM_ACTOR,
  type Actor,
  type ApplicationState,
  type ApplicationStatus,
  type Decision,
  type DomainEvent,
  type EventType,
} from './model';

export const noteOf = (note?: string): Record<string, unknown> => (note === undefined ? {} : { internalNote: note });

/** Chains a second decision after the first, in one transition (e.g. prechecks then rejection). */
export function then(first: Decision, next: (emit: Emitter, state: ApplicationState) => Decision): Decision {
  const last = first.events[first.events.length - 1]!;
  const second = next(new Emitter(first.state, SYSTEM_ACTOR, last.at), first.state);
  return { state: second.state, events: [...first.events, ...second.events] };
}

/** Builds the next event and state together, so seq, status and updatedAt can never disagree. */
export class Emitter {
  constructor(
    private readonly state: ApplicationState,
    private readonly actor: Actor,
    readonly at: string,
  ) {}

  event(
    type: EventType,
    status: ApplicationStatus,
    data: Record<string, unknown>,
    changes: Partial<ApplicationState> = {},
  ): Decision {
    const seq = this.state.seq + 1;
    const event: DomainEvent = {
      applicationId: this.state.applicationId,
      seq,
      type,
      actor: this.actor,
      at: this.at,
      status,
      data,
    };
    return { state: { ...this.state, ...changes, status, seq, updatedAt: this.at }, events: [event] };
  }
}
