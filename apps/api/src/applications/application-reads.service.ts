import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import { ApplicationChanges, ApplicationRepository, EventRepository, ProfileRepository } from '@mo/persistence';
import { toApplicationView, toEventView } from './application-views';
import { ApplicationViewer } from './application-viewer';
import type { Caller } from '../auth/caller';
import type { ApplicationListView, ApplicationView, TimelineView } from './dto/application-view.dto';
import { LongPollSlots } from './long-poll-slots';

/** Reads of applications, from the read model: one (or a long poll for its next version), a list, a timeline. */
@Injectable()
export class ApplicationReadsService {
  private readonly longPolls: LongPollSlots;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly viewer: ApplicationViewer,
    private readonly applications: ApplicationRepository,
    private readonly events: EventRepository,
    private readonly profiles: ProfileRepository,
    private readonly changes: ApplicationChanges,
  ) {
    this.longPolls = new LongPollSlots(config.tenancy.longPollsPerCaller, config.tenancy.longPollsPerProcess);
  }

  /**
   * The application. With `wait`, a long poll: held until its version passes `changedSince` (or
   * `timeoutMs` passes), then answered as it is then, so a client waiting for a step (in review,
   * awaiting the micro-deposit, active) asks once instead of polling.
   */
  async get(
    caller: Caller,
    id: string,
    wait?: { readonly changedSince: number; readonly timeoutMs: number; readonly signal?: AbortSignal },
  ): Promise<ApplicationView> {
    const seen = await this.viewer.requireVisible(caller, id);
    if (wait === undefined || seen.version > wait.changedSince) return this.viewer.viewOf(caller, seen);
    const release = this.longPolls.take(`${caller.role}:${caller.id}`);
    try {
      // The same wait as an action's for its own write: each change is one read, shared by every waiter.
      const { row } = await this.changes.reached(id, wait.changedSince + 1, wait.timeoutMs, wait.signal);
      return await this.viewer.viewOf(caller, row ?? (await this.viewer.requireVisible(caller, id)));
    } finally {
      release();
    }
  }

  async list(caller: Caller, limit: number): Promise<ApplicationListView> {
    const rows = await this.applications.listForMerchant(caller.id, limit);
    // What is due in a draft depends on its profile: read those in one query, as the detail view would.
    const drafts = rows.filter((r) => r.status === 'draft');
    const profiles = await this.profiles.findMany(
      caller.id,
      drafts.map((r) => ({ applicationId: r.id, revision: r.profileRevision })),
    );
    return {
      items: rows.map((r) => {
        const profile = profiles.get(r.id);
        return toApplicationView(r, {
          role: caller.role,
          callerId: caller.id,
          mcc: this.config.mcc,
          ...(profile && r.status === 'draft' ? { dueFrom: profile } : {}),
        });
      }),
    };
  }

  async timeline(caller: Caller, id: string): Promise<TimelineView> {
    await this.viewer.requireVisible(caller, id);
    const events = await this.events.listForApplication(id);
    return {
      applicationId: id,
      events: events.map((e) => toEventView(e, caller.role)).filter((e) => e !== null),
    };
  }
}
