/**
 * An application as a caller may see it: visibility (a merchant sees only its own) and the view of
 * a record with its profile, shared by the read and the action services.
 */
import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import { stateQuery, workflowIdFor } from '@mo/contracts';
import type { ApplicationProfile } from '@mo/domain';
import { ApplicationRepository, EventRepository, ProfileRepository, type ApplicationEntity } from '@mo/persistence';
import { TEMPORAL_CLIENT } from '@mo/temporal';
import { ApiError, ApiErrorCode } from '../errors/api-error';
import { toApplicationView, type ApplicationRecord } from './application-views';
import type { Caller } from '../auth/caller';
import type { ApplicationView } from './dto/application-view.dto';

/**
 * The profiles a view of an application at `revision` shows, when already known (so not read
 * again): the current one, and for staff the one the round before was reviewed with.
 */
export interface KnownProfiles {
  readonly revision: number;
  readonly profile?: ApplicationProfile | undefined;
  /** Present (even undefined: there is none) once looked up. */
  readonly previous?: { readonly profile: ApplicationProfile | undefined };
}

@Injectable()
export class ApplicationViewer {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly applications: ApplicationRepository,
    private readonly events: EventRepository,
    private readonly profiles: ProfileRepository,
  ) {}

  /** A merchant sees only its own applications; any other id is indistinguishable from a missing one. */
  async requireVisible(caller: Caller, id: string): Promise<ApplicationEntity> {
    const found =
      caller.role === 'merchant'
        ? await this.applications.findForMerchant(caller.id, id)
        : await this.applications.findForStaff(id);
    if (found === null) throw new ApiError(ApiErrorCode.ApplicationNotFound, `No application ${id}`);
    return found;
  }

  /**
   * The view of an application for this caller: the record (a row, or the state an Update
   * returned), its current profile, and for staff the revision the last round was compared with;
   * what `known` holds for the record's revision is not read again.
   */
  async viewOf(caller: Caller, record: ApplicationRecord, known?: KnownProfiles): Promise<ApplicationView> {
    const at = known?.revision === record.profileRevision ? known : undefined;
    const current = at?.profile ?? (await this.profileOf(record, record.profileRevision));
    const previous = this.showsPrevious(caller, record)
      ? (at?.previous ?? { profile: await this.previousProfile(record) }).profile
      : undefined;
    const agreementVersion =
      record.status === 'agreement_pending' && record.agreementVersion === null
        ? await this.frozenAgreementVersion(record.id)
        : undefined;
    return toApplicationView(record, {
      role: caller.role,
      callerId: caller.id,
      mcc: this.config.mcc,
      ...(current ? { profile: current } : {}),
      ...(previous ? { previousProfile: previous } : {}),
      ...(agreementVersion ? { agreementVersion } : {}),
    });
  }

  /**
   * The profiles a view of `app` at its revision shows, read now: what an action that takes no
   * revision reads while its Update runs, instead of after.
   */
  async profilesOf(caller: Caller, app: ApplicationRecord): Promise<KnownProfiles> {
    const [profile, previous] = await Promise.all([
      this.profileOf(app, app.profileRevision),
      this.showsPrevious(caller, app) ? this.previousProfile(app) : undefined,
    ]);
    return {
      revision: app.profileRevision,
      profile,
      ...(this.showsPrevious(caller, app) ? { previous: { profile: previous } } : {}),
    };
  }

  async profileOf(
    app: Pick<ApplicationRecord, 'id' | 'merchantId'>,
    revision: number,
  ): Promise<ApplicationProfile | undefined> {
    const row = await this.profiles.find(app.merchantId, app.id, revision);
    return row === null ? undefined : row.data;
  }

  /** Staff compare a resubmission with the round before. */
  private showsPrevious(caller: Caller, record: ApplicationRecord): boolean {
    return caller.role !== 'merchant' && record.changedFields.length > 0;
  }

  /** The profile reviewed in the round before (not `revision - 1`, which may be an orphan). */
  private async previousProfile(app: ApplicationRecord): Promise<ApplicationProfile | undefined> {
    const revision = await this.events.submittedRevisionBefore(app.id, app.profileRevision);
    return revision === null ? undefined : this.profileOf(app, revision);
  }

  /** For rows projected before the read model kept the version: the workflow's own policy. */
  private async frozenAgreementVersion(id: string): Promise<string> {
    try {
      const state = await this.temporal.workflow.getHandle(workflowIdFor(id)).query(stateQuery);
      return state.policy.agreementVersion;
    } catch {
      return this.config.policy.agreementVersion;
    }
  }
}
