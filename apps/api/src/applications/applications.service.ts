import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import {
  ACTIONS,
  APPLICATION_WORKFLOW_TYPE,
  createdUpdate,
  MerchantIdAttribute,
  stateQuery,
  workflowIdFor,
  type ActionBody,
  type ActionName,
  type ActionSpec,
  type StartApplicationInput,
} from '@mo/contracts';
import {
  changedPaths,
  currentlyDue,
  isDocumentType,
  mergeProfile,
  TERMINAL_STATUSES,
  type Actor,
  type ApplicationProfile,
  type ApplicationState,
  type DocumentRef,
  type DocumentType,
  type Role,
} from '@mo/domain';
import {
  ActivationRepository,
  ApplicationRepository,
  DocumentRepository,
  EventRepository,
  ProfileRepository,
  ApplicationChanges,
  type ApplicationEntity,
} from '@mo/persistence';
import { readModelWait, readModelWaitTimeouts, temporalUpdateRetries } from '@mo/observability';
import { DEFAULT_UPDATE_RETRY, TEMPORAL_CLIENT, withUpdateRetries } from '@mo/temporal';
import { uuidFromKey } from '../common/stable-id';
import { ApiError, ApiErrorCode, ReadModelLagging, statusFor } from '../errors/api-error';
import { domainRefusalToApiError } from '../errors/domain-rule-errors';
import { recordOfState, toApplicationView, toEventView, type ApplicationRecord } from './application-views';
import type { ApplicationListView, ApplicationView, CredentialView, TimelineView } from './dto/application-view.dto';
import type { ProfileDto } from './dto/profile.dto';
import { LongPollSlots } from './long-poll-slots';
import { updateIdFor } from './update-id';

export type Caller = Actor & { role: Role };

/** Actions whose Update payload is built from the request alone (no profile revision to store first). */
export type DirectAction = Exclude<ActionName, 'updateDraft' | 'resubmit' | 'submit'>;

/** An Update call (with a fixed Update id) asked again after an abort or timeout, each retry counted. */
function retryingUpdate<T>(update: string, call: () => Promise<T>): Promise<T> {
  return withUpdateRetries(call, DEFAULT_UPDATE_RETRY, () => temporalUpdateRetries.inc({ update }));
}

/**
 * Drives application workflows. Every action is a Temporal Update (from the one table, `ACTIONS`),
 * answered from the state the Update returns once the read model holds it (read-your-writes);
 * reads come from the read model.
 */
@Injectable()
export class ApplicationsService {
  /** States whose write the read model did not show within the wait (answered 202, see `answer`). */
  private readonly lagging = new WeakSet<ApplicationState>();
  private readonly longPolls: LongPollSlots;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly applications: ApplicationRepository,
    private readonly events: EventRepository,
    private readonly profiles: ProfileRepository,
    private readonly documents: DocumentRepository,
    private readonly activation: ActivationRepository,
    private readonly changes: ApplicationChanges,
  ) {
    this.longPolls = new LongPollSlots(config.tenancy.longPollsPerCaller, config.tenancy.longPollsPerProcess);
  }

  async create(caller: Caller, dto: ProfileDto, idempotencyKey?: string): Promise<ApplicationView> {
    // A retried create (same key, same request) lands on the same application id, hence the same workflow.
    const applicationId =
      idempotencyKey === undefined ? randomUUID() : uuidFromKey(updateIdFor(caller, 'create', '', idempotencyKey, dto));
    const profile = mergeProfile({}, dto);
    const profileRevision = 1;
    const maxOpen = this.config.tenancy.maxOpenApplicationsPerMerchant;
    const saved = await this.profiles.saveFirstRevisionWithinCap(
      caller.id,
      applicationId,
      profile as Record<string, unknown>,
      maxOpen,
      TERMINAL_STATUSES,
    );
    if (saved === 'limit') {
      throw new ApiError(
        ApiErrorCode.OpenApplicationLimitReached,
        `You already have ${maxOpen} applications that are not final; finish or withdraw one first`,
        [{ field: 'applicationId', message: `at most ${maxOpen} open applications per merchant` }],
      );
    }
    const input: StartApplicationInput = {
      applicationId,
      merchantId: caller.id,
      profileRevision,
      capabilities: profile.capabilities ?? [],
      policy: this.config.policy,
      actor: caller,
    };
    // A WithStartWorkflowOperation is used once, so each attempt builds its own; the Update id is fixed.
    const createOnce = (): Promise<ApplicationState> =>
      this.temporal.workflow.executeUpdateWithStart(createdUpdate, {
        args: [{ actor: caller }],
        updateId: `create:${applicationId}`,
        startWorkflowOperation: new WithStartWorkflowOperation(APPLICATION_WORKFLOW_TYPE, {
          workflowId: workflowIdFor(applicationId),
          taskQueue: this.config.temporal.taskQueue,
          args: [input],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          typedSearchAttributes: [{ key: MerchantIdAttribute, value: caller.id }],
        }),
      });
    const state = await this.recorded(
      createdUpdate.name,
      await this.call(() => retryingUpdate(createdUpdate.name, createOnce)),
    );
    // A retried create answers from the application it made first, with that one's profile.
    return this.answer(caller, state, state.profileRevision === profileRevision ? profile : undefined);
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
    const seen = await this.requireVisible(caller, id);
    if (wait === undefined || seen.version > wait.changedSince) return this.viewOf(caller, seen);
    const release = this.longPolls.take(`${caller.role}:${caller.id}`);
    try {
      // The same wait as an action's for its own write: each change is one read, shared by every waiter.
      const { row } = await this.changes.reached(id, wait.changedSince + 1, wait.timeoutMs, wait.signal);
      return await this.viewOf(caller, row ?? (await this.requireVisible(caller, id)));
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
    await this.requireVisible(caller, id);
    const events = await this.events.listForApplication(id);
    return {
      applicationId: id,
      events: events.map((e) => toEventView(e, caller.role)).filter((e) => e !== null),
    };
  }

  /** Edits a draft: a new profile revision, recorded in the workflow with the fields that changed. */
  async updateDraft(caller: Caller, id: string, dto: ProfileDto, key?: string): Promise<ApplicationView> {
    const app = await this.requireVisible(caller, id);
    const updateId = key === undefined ? undefined : updateIdFor(caller, 'updateDraft', id, key, dto);
    return this.reviseDraft(caller, app, (current) => mergeProfile(current, dto), updateId);
  }

  /** Attaches an uploaded document to a draft (a new profile revision). */
  async attachToDraft(caller: Caller, app: ApplicationEntity, type: DocumentType, ref: DocumentRef): Promise<void> {
    try {
      await this.reviseDraft(
        caller,
        app,
        (current) => mergeProfile(current, { documents: { [type]: ref } }),
        `attach:${ref.documentId}`,
      );
    } catch (err) {
      // Attached (committed) and counted; the upload answers with the document, not the application.
      if (!(err instanceof ReadModelLagging)) throw err;
    }
  }

  private async reviseDraft(
    caller: Caller,
    app: ApplicationEntity,
    change: (current: ApplicationProfile) => ApplicationProfile,
    updateId?: string,
  ): Promise<ApplicationView> {
    return this.retryOnProfileChange(caller, app, async (latest) => {
      if (latest.status !== 'draft') {
        throw new ApiError(
          ApiErrorCode.IllegalTransition,
          `Only a draft can be edited; this application is ${latest.status}`,
        );
      }
      const current = (await this.profileOf(latest, latest.profileRevision)) ?? {};
      const next = change(current);
      const changedFields = changedPaths(current, next);
      if (changedFields.length === 0) return this.viewOf(caller, latest, current);
      return this.applyRevision(caller, latest, 'updateDraft', next, changedFields, updateId);
    });
  }

  /**
   * Two changes made to the same revision at once: the workflow applies one and refuses the other
   * as stale, which is then made again on top of the first (a merge, so nothing is lost).
   */
  private async retryOnProfileChange(
    caller: Caller,
    app: ApplicationEntity,
    attempt: (latest: ApplicationEntity) => Promise<ApplicationView>,
  ): Promise<ApplicationView> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt(app);
      } catch (err) {
        if (!(err instanceof ApiError && err.code === ApiErrorCode.ProfileChanged) || tries >= 10) throw err;
        // The change that won is in the read model before its request answers; jitter spreads the rest.
        await new Promise((r) => setTimeout(r, tries * (10 + Math.random() * 40)));
        app = await this.requireVisible(caller, app.id);
      }
    }
  }

  /** Refuses early (before an upload is stored) what would take a revision the application has no room for. */
  async ensureRevisionRoom(app: ApplicationEntity): Promise<void> {
    const held = await this.profiles.revisionCount(app.merchantId, app.id);
    if (held >= this.config.tenancy.maxProfileRevisions) throw this.revisionLimitReached();
  }

  private revisionLimitReached(): ApiError {
    const max = this.config.tenancy.maxProfileRevisions;
    return new ApiError(
      ApiErrorCode.ProfileRevisionLimitReached,
      `This application already holds ${max} profile revisions; it takes no more changes`,
      [{ field: 'profile', message: `at most ${max} revisions per application` }],
    );
  }

  /** Stores the new profile revision and records it in the workflow; a refused one is discarded. */
  private async applyRevision(
    caller: Caller,
    app: ApplicationEntity,
    action: 'updateDraft' | 'resubmit',
    next: ApplicationProfile,
    changedFields: readonly string[],
    updateId?: string,
  ): Promise<ApplicationView> {
    const revision = await this.profiles.appendRevision(
      app.merchantId,
      app.id,
      next as Record<string, unknown>,
      this.config.tenancy.maxProfileRevisions,
    );
    if (revision === null) throw this.revisionLimitReached();
    const spec = ACTIONS[action];
    const input = spec.toInput(caller, {
      profileRevision: revision,
      basedOnRevision: app.profileRevision,
      capabilities: next.capabilities ?? [],
      changedFields,
    });
    try {
      const state = await this.execute(app, spec, input, updateId);
      // A replayed update answers with the revision it stored first, not this one.
      return await this.answer(caller, state, state.profileRevision === revision ? next : undefined);
    } catch (err) {
      if (err instanceof ApiError && statusFor(err.code) < 500) await this.profiles.discardRevision(app.id, revision);
      throw err;
    }
  }

  /**
   * Resubmits after a request for changes. Which fields and documents may change is the domain's
   * rule (the workflow's validator refuses the rest, and the revision is discarded).
   */
  async resubmit(
    caller: Caller,
    id: string,
    changes: ProfileDto,
    documents: Record<string, string> | undefined,
    key?: string,
  ): Promise<ApplicationView> {
    const updateId = key === undefined ? undefined : updateIdFor(caller, 'resubmit', id, key, { changes, documents });
    return this.retryOnProfileChange(caller, await this.requireVisible(caller, id), async (app) => {
      const replaced: Partial<Record<DocumentType, DocumentRef>> = {};
      for (const [type, documentId] of Object.entries(documents ?? {})) {
        if (!isDocumentType(type)) {
          throw new ApiError(ApiErrorCode.ValidationFailed, 'Unknown document type', [
            { field: `documents.${type}`, message: 'is not a document type' },
          ]);
        }
        const doc = UUID.test(documentId) ? await this.documents.findForMerchant(caller.id, id, documentId) : null;
        if (doc === null || doc.type !== type) {
          // Which ids exist is no request shape a schema could state: a rule (422), like a wrong agreement version.
          throw new ApiError(ApiErrorCode.RuleViolated, 'No such uploaded document', [
            { field: `documents.${type}`, message: `is not a ${type} uploaded to this application` },
          ]);
        }
        replaced[type] = { documentId: doc.id, sha256: doc.sha256, mediaType: doc.mediaType, size: doc.size };
      }
      const current = (await this.profileOf(app, app.profileRevision)) ?? {};
      const next = mergeProfile(current, { ...changes, documents: replaced });
      return this.applyRevision(caller, app, 'resubmit', next, changedPaths(current, next), updateId);
    });
  }

  /**
   * Submits a draft. What is still due blocks submission with a 422 listing it, so no reviewer time
   * goes to an incomplete file; a missing industry licence is left to the prechecks, which turn it
   * into targeted feedback.
   */
  async submit(caller: Caller, id: string, key?: string): Promise<ApplicationView> {
    const app = await this.requireVisible(caller, id);
    const profile = await this.profileOf(app, app.profileRevision);
    if (app.status === 'draft') {
      const due = currentlyDue(profile ?? {}, this.config.mcc).filter((item) => item !== 'industry_license');
      if (due.length > 0) {
        throw new ApiError(
          ApiErrorCode.ApplicationIncomplete,
          `The application is not complete: ${due.length} item(s) still due`,
          due.map((field) => ({ field, message: isDocumentType(field) ? 'document is missing' : 'is required' })),
        );
      }
    }
    const spec = ACTIONS.submit;
    const updateId = key === undefined ? undefined : updateIdFor(caller, 'submit', id, key, {});
    const state = await this.execute(app, spec, spec.toInput(caller, {}), updateId);
    return this.answer(caller, state, state.profileRevision === app.profileRevision ? profile : undefined);
  }

  /** Any other action of the table: the request's body becomes the Update's payload. */
  async perform<A extends DirectAction>(
    caller: Caller,
    id: string,
    action: A,
    body: ActionBody<A>,
    key?: string,
  ): Promise<ApplicationView> {
    const app = await this.requireVisible(caller, id);
    const spec = ACTIONS[action] as unknown as ActionSpec<unknown, ActionBody<A>>;
    const updateId = key === undefined ? undefined : updateIdFor(caller, action, id, key, body);
    const state = await this.execute(app, spec, spec.toInput(caller, body), updateId);
    return this.answer(caller, state);
  }

  /** Reveals the API secret once (only its hash is kept); 409 before activation or after the first time. */
  async revealCredentials(caller: Caller, id: string): Promise<CredentialView> {
    await this.requireVisible(caller, id);
    const revealed = await this.activation.revealSecret(caller.id, id);
    if (revealed !== null) return revealed;
    const existing = await this.activation.findCredential(caller.id, id);
    throw existing === null
      ? new ApiError(ApiErrorCode.IllegalTransition, 'No credentials yet: they are issued when the wallet is activated')
      : new ApiError(
          ApiErrorCode.CredentialAlreadyRevealed,
          'The secret was already shown once; it cannot be shown again',
        );
  }

  private async execute<I>(
    app: ApplicationEntity,
    spec: ActionSpec<I, never>,
    input: I,
    updateId?: string,
  ): Promise<ApplicationState> {
    const handle = this.temporal.workflow.getHandle(workflowIdFor(app.id));
    // The id is fixed before the first attempt, so an aborted or timed-out Update can be asked again.
    const id = updateId ?? randomUUID();
    const state = await this.call(
      () => retryingUpdate(spec.update.name, () => handle.executeUpdate(spec.update, { args: [input], updateId: id })),
      app,
    );
    return this.recorded(spec.update.name, state);
  }

  /**
   * The committed state, once the read model holds it too: a read right after the answer sees the
   * change. The write is an activity started in the committing workflow task (milliseconds); one
   * lost with a killed worker is retried on another after its 5 s timeout. If it is still not there
   * after READ_MODEL_WAIT_MS, the state is marked lagging (answered 202 by `answer`) and counted;
   * the workflow keeps retrying the write, so the read model converges.
   */
  private async recorded(update: string, state: ApplicationState): Promise<ApplicationState> {
    const waited = readModelWait.startTimer({ update });
    const { reached } = await this.changes.reached(state.applicationId, state.seq, this.config.tenancy.readModelWaitMs);
    waited();
    if (!reached) {
      readModelWaitTimeouts.inc({ update });
      this.lagging.add(state);
    }
    return state;
  }

  /** An action's answer: the committed state's view; 202 (ReadModelLagging) if no read shows it yet. */
  private async answer(
    caller: Caller,
    state: ApplicationState,
    profile?: ApplicationProfile,
  ): Promise<ApplicationView> {
    const view = await this.viewOf(caller, recordOfState(state), profile);
    if (this.lagging.has(state)) throw new ReadModelLagging(view, state.seq);
    return view;
  }

  /**
   * The view of an application for this caller: the record (a row, or the state an Update
   * returned), its current profile, and for staff the revision the last round was compared with.
   */
  private async viewOf(
    caller: Caller,
    record: ApplicationRecord,
    profile?: ApplicationProfile,
  ): Promise<ApplicationView> {
    const current = profile ?? (await this.profileOf(record, record.profileRevision));
    const staff = caller.role !== 'merchant';
    const previous = staff && record.changedFields.length > 0 ? await this.previousProfile(record) : undefined;
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

  /** For rows projected before the read model kept the version: the workflow's own policy. */
  private async frozenAgreementVersion(id: string): Promise<string> {
    try {
      const state = await this.temporal.workflow.getHandle(workflowIdFor(id)).query(stateQuery);
      return state.policy.agreementVersion;
    } catch {
      return this.config.policy.agreementVersion;
    }
  }

  /** A merchant sees only its own applications; any other id is indistinguishable from a missing one. */
  async requireVisible(caller: Caller, id: string): Promise<ApplicationEntity> {
    const found =
      caller.role === 'merchant'
        ? await this.applications.findForMerchant(caller.id, id)
        : await this.applications.findForStaff(id);
    if (found === null) throw new ApiError(ApiErrorCode.ApplicationNotFound, `No application ${id}`);
    return found;
  }

  private async profileOf(
    app: Pick<ApplicationRecord, 'id' | 'merchantId'>,
    revision: number,
  ): Promise<ApplicationProfile | undefined> {
    const row = await this.profiles.find(app.merchantId, app.id, revision);
    return row === null ? undefined : row.data;
  }

  /** The profile reviewed in the round before (not `revision - 1`, which may be an orphan). */
  private async previousProfile(app: ApplicationRecord): Promise<ApplicationProfile | undefined> {
    const revision = await this.events.submittedRevisionBefore(app.id, app.profileRevision);
    return revision === null ? undefined : this.profileOf(app, revision);
  }

  /** Maps Temporal's answers to the API's typed errors. */
  private async call<T>(fn: () => Promise<T>, current?: ApplicationEntity): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        throw domainRefusalToApiError(err.cause);
      }
      if (err instanceof WorkflowNotFoundError && current !== undefined) {
        // The workflow has closed: the application is final and takes no more actions.
        throw new ApiError(
          ApiErrorCode.IllegalTransition,
          `The application is ${current.status} and takes no more actions`,
        );
      }
      throw err;
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
