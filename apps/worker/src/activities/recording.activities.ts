import { Injectable } from '@nestjs/common';
import type { RecordTransitionInput } from '@mo/contracts';
import { TransitionRepository } from '@mo/persistence';
import { WebhookDispatcher } from './webhook.activities';

/** Appends events, projects the read model and starts webhook deliveries; idempotent per (application, seq). */
@Injectable()
export class RecordingActivities {
  constructor(
    private readonly transitions: TransitionRepository,
    private readonly webhooks: WebhookDispatcher,
  ) {}

  async recordTransition(input: RecordTransitionInput): Promise<void> {
    await this.transitions.record(input.state, input.events);
    // After the commit: a delivery never announces an event that is not recorded.
    await this.webhooks.dispatch(input.state, input.events);
  }
}
