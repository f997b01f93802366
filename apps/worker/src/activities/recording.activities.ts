import { Injectable } from '@nestjs/common';
import type { RecordTransitionInput } from '@mo/contracts';
import { TransitionRepository } from '@mo/persistence';

/** Appends events and projects the read model; idempotent per (application, seq). */
@Injectable()
export class RecordingActivities {
  constructor(private readonly transitions: TransitionRepository) {}

  async recordTransition(input: RecordTransitionInput): Promise<void> {
    await this.transitions.record(input.state, input.events);
  }
}
