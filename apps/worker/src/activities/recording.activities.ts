import { Injectable } from '@nestjs/common';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { TRANSITION_UNRECORDABLE, type RecordTransitionInput } from '@mo/contracts';
import { TransitionRepository, UnrecordableTransitionError } from '@mo/persistence';
import { WebhookDispatcher } from './webhook.activities';

/** Appends events, projects the read model and starts webhook deliveries; idempotent per (application, seq). */
@Injectable()
export class RecordingActivities {
  constructor(
    private readonly transitions: TransitionRepository,
    private readonly webhooks: WebhookDispatcher,
  ) {}

  async recordTransition(input: RecordTransitionInput): Promise<void> {
    let result;
    try {
      result = await this.transitions.record(input.state, input.events, {
        markUnrecordable: input.markUnrecordable === true,
      });
    } catch (err) {
      // The same data would fail the same way: not retried here; the workflow writes it with markers.
      // The message names the SQLSTATE only (never the data).
      if (err instanceof UnrecordableTransitionError)
        throw ApplicationFailure.nonRetryable(err.message, TRANSITION_UNRECORDABLE);
      throw err;
    }
    count('merchant_onboarding_unstorable_characters_replaced', result.replacedCharacters);
    count('merchant_onboarding_events_recorded_without_data', result.unrecordedSeqs.length);
    // After the commit: a delivery never announces an event that is not recorded.
    await this.webhooks.dispatch(input.state, input.events);
  }
}

const DESCRIPTIONS: Record<string, string> = {
  merchant_onboarding_unstorable_characters_replaced:
    'Characters PostgreSQL cannot store (NUL, lone surrogates) the writer replaced with U+FFFD',
  merchant_onboarding_events_recorded_without_data:
    'Events PostgreSQL refused for their data, stored with a marker instead (the application goes on hold)',
};

/** Through the worker's metric meter (exported with the SDK's metrics); nothing outside an activity. */
function count(name: string, n: number): void {
  if (n === 0) return;
  let meter;
  try {
    meter = Context.current().metricMeter;
  } catch {
    return;
  }
  meter.createCounter(name, '1', DESCRIPTIONS[name]).add(n);
}
