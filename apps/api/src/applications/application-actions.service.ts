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
  workflowIdFor,
  type ActionBody,
  type ActionName,
  type ActionSpec,
  type ProfileRevisionBody,
  type StartApplicationInput,
} from '@mo/contracts';
import {
  changedPaths,
  isDocumentKey,
  mergeProfile,
  readModelOf,
  submitBlockers,
  TERMINAL_STATUSES,
  type ApplicationProfile,
  type ApplicationState,
  type DocumentRef,
  type DocumentKey,
  type ProfilePatch,
} from '@mo/domain';
import {
  ActivationRepository,
  ApplicationChanges,
  DocumentRepository,
  ProfileRepository,
  type ApplicationEntity,
} from '@mo/persistence';
import { readModelWait, readModelWaitTimeouts, temporalUpdateRetries } from '@mo/observability';
import { DEFAULT_UPDATE_RETRY, TEMPORAL_CLIENT, withUpdateRetries } from '@mo/temporal';
import { uuidFromKey } from '../common/stable-id';
import { ApiError, ApiErrorCode, ReadModelLagging, statusFor } from '../errors/api-error';
import { domainRefusalToApiError } from '../errors/domain-rule-errors';
import { ApplicationViewer, type KnownProfiles } from './application-viewer';
import type { Caller } from '../auth/caller';
import type { ApplicationView, CredentialView } from './dto/application-view.dto';
import { updateIdFor } from './update-id';

/** What the request of an action is, where the API prepares the Update's body from it. */
interface PreparedRequests {
  /** The fields to change (merged into the draft's profile: a new revision). */
  readonly updateDraft: ProfilePatch;
  /** The changes the feedback asked for, and uploaded documents (by type) that replace the old ones. */
  readonly resubmit: { readonly changes: ProfilePatch; readonly documents?: Record<string, string> | undefined };
  readonly submit: Record<string, never>;
}
type PreparedAction = keyof PreparedRequests;
/** An action's request: the Update's body itself, unless the API prepares it (see `prepare`). */
export type ActionRequest<A extends ActionName> = A extends PreparedAction ? PreparedRequests[A] : ActionBody<A>;

/** What `prepare` made of a request: the Update's body, or nothing to do. */
type Prepared<A extends ActionName> =
  | {
      readonly body: ActionBody<A>;
      /** The profiles the answer shows (at their revision), known or being read while the Update runs. */
      readonly shown: Promise<KnownProfiles | undefined>;
      /** Undoes what was stored for the Update, if it is refused. */
      readonly undo?: () => Promise<void>;
    }
  /** An edit that changes nothing: answered as the application is, without an Update. */
  | { readonly unchanged: KnownProfiles };
type Preparer<A extends ActionName> = (
  caller: Caller,
  app: ApplicationEntity,
  request: ActionRequest<A>,
) => Promise<Prepared<A>>;

/** An Update call (with a fixed Update id) asked again after an abort or timeout, each retry counted. */
function retryingUpdate<T>(update: string, call: () => Promise<T>): Promise<T> {
  return withUpdateRetries(call, DEFAULT_UPDATE_RETRY, () => temporalUpdateRetries.inc({ update }));
}

/**
 * What an Update id is derived from, for a request with an Idempotency-Key: the request, as it was
 * hashed since keys were (a retry must keep its Update id).
 */
function identityOf<A extends ActionName>(action: A, request: ActionRequest<A>): unknown {
  if (action !== 'resubmit') return request;
  const { changes, documents } = request as PreparedRequests['resubmit'];
  return { changes, documents };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Drives application workflows. Every action is a Temporal Update (from the one table, `ACTIONS`),
 * done the same way: its request prepared into the Update's body (a profile revision stored, the
 * submit gate asked), the Update executed, and the answer built from the state it returns once the
 * read model holds it (read-your-writes).
 */
@Injectable()
export class ApplicationActionsService {
  /** States whose write the read model did not show within the wait (answered 202, see `answer`). */
  private readonly lagging = new WeakSet<ApplicationState>();

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly viewer: ApplicationViewer,
    private readonly profiles: ProfileRepository,
    private readonly documents: DocumentRepository,
    private readonly activation: ActivationRepository,
    private readonly changes: ApplicationChanges,
  ) {}

  async create(caller: Caller, dto: ProfilePatch, idempotencyKey?: string): Promise<ApplicationView> {
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
    return this.answer(caller, state, { revision: profileRevision, profile });
  }

  /** An action of the table on application `id`, with the request's body. */
  async perform<A extends ActionName>(
    caller: Caller,
    id: string,
    action: A,
    request: ActionRequest<A>,
    key?: string,
  ): Promise<ApplicationView> {
    const app = await this.viewer.requireVisible(caller, id);
    const updateId = key === undefined ? undefined : updateIdFor(caller, action, id, key, identityOf(action, request));
    return this.run(caller, app, action, request, updateId);
  }

  /** Attaches an uploaded document to a draft (a new profile revision). */
  async attachToDraft(caller: Caller, app: ApplicationEntity, type: DocumentKey, ref: DocumentRef): Promise<void> {
    try {
      await this.run(caller, app, 'updateDraft', { documents: { [type]: ref } }, `attach:${ref.documentId}`);
    } catch (err) {
      // Attached (committed) and counted; the upload answers with the document, not the application.
      if (!(err instanceof ReadModelLagging)) throw err;
    }
  }

  /** Refuses early (before an upload is stored) what would take a revision the application has no room for. */
  async ensureRevisionRoom(app: ApplicationEntity): Promise<void> {
    const held = await this.profiles.revisionCount(app.merchantId, app.id);
    if (held >= this.config.tenancy.maxProfileRevisions) throw this.revisionLimitReached();
  }

  /** Reveals the API secret once (only its hash is kept); 409 before activation or after the first time. */
  async revealCredentials(caller: Caller, id: string): Promise<CredentialView> {
    await this.viewer.requireVisible(caller, id);
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

  /**
   * Prepares the request, executes the Update and answers from its state. Two profile changes made
   * to the same revision at once: the workflow applies one and refuses the other as stale, which
   * is then made again on top of the first (a merge, so nothing is lost).
   */
  private async run<A extends ActionName>(
    caller: Caller,
    app: ApplicationEntity,
    action: A,
    request: ActionRequest<A>,
    updateId?: string,
  ): Promise<ApplicationView> {
    for (let tries = 1; ; tries++) {
      try {
        return await this.once(caller, app, action, request, updateId);
      } catch (err) {
        if (!(err instanceof ApiError && err.code === ApiErrorCode.ProfileChanged) || tries >= 10) throw err;
        // The change that won is in the read model before its request answers; jitter spreads the rest.
        await new Promise((r) => setTimeout(r, tries * (10 + Math.random() * 40)));
        app = await this.viewer.requireVisible(caller, app.id);
      }
    }
  }

  private async once<A extends ActionName>(
    caller: Caller,
    app: ApplicationEntity,
    action: A,
    request: ActionRequest<A>,
    updateId?: string,
  ): Promise<ApplicationView> {
    const prepared = await this.prepare(caller, app, action, request);
    if ('unchanged' in prepared) return this.viewer.viewOf(caller, app, prepared.unchanged);
    const spec = ACTIONS[action] as unknown as ActionSpec<unknown, ActionBody<A>>;
    try {
      const [state, shown] = await Promise.all([
        this.execute(app, spec, spec.toInput(caller, prepared.body), updateId),
        prepared.shown,
      ]);
      return await this.answer(caller, state, shown);
    } catch (err) {
      // Refused (or answered otherwise than done): what was stored for it is not kept.
      if (prepared.undo !== undefined && err instanceof ApiError && statusFor(err.code) < 500) await prepared.undo();
      throw err;
    }
  }

  /**
   * The API's own step before an action's Update, where it has one: a profile change stores the
   * new revision (the Update records it), a submission passes the submit gate. Any other action's
   * body is its request; the profiles its answer shows are read while its Update runs, as an action
   * that takes no revision does not change them.
   */
  private prepare<A extends ActionName>(
    caller: Caller,
    app: ApplicationEntity,
    action: A,
    request: ActionRequest<A>,
  ): Promise<Prepared<A>> {
    if (action in this.preparers) {
      const prepare = this.preparers[action as PreparedAction] as Preparer<A>;
      return prepare(caller, app, request);
    }
    // Never refused: a profile not read now is read for the answer.
    const shown = this.viewer.profilesOf(caller, app).catch(() => undefined);
    return Promise.resolve({ body: request as ActionBody<A>, shown });
  }

  private readonly preparers: { readonly [A in PreparedAction]: Preparer<A> } = {
    updateDraft: (_caller, app, patch) => this.prepareDraftEdit(app, patch),
    resubmit: (caller, app, request) => this.prepareResubmission(caller, app, request),
    submit: (_caller, app) => this.prepareSubmission(app),
  };

  /** Edits a draft: a new profile revision, recorded in the workflow with the fields that changed. */
  private async prepareDraftEdit(app: ApplicationEntity, patch: ProfilePatch): Promise<Prepared<'updateDraft'>> {
    if (app.status !== 'draft') {
      throw new ApiError(
        ApiErrorCode.IllegalTransition,
        `Only a draft can be edited; this application is ${app.status}`,
      );
    }
    const current = (await this.viewer.profileOf(app, app.profileRevision)) ?? {};
    const next = mergeProfile(current, patch);
    const changedFields = changedPaths(current, next);
    if (changedFields.length === 0) return { unchanged: { revision: app.profileRevision, profile: current } };
    return this.storeRevision(app, next, changedFields);
  }

  /**
   * Resubmits after a request for changes. Which fields and documents may change is the domain's
   * rule (the workflow's validator refuses the rest, and the revision is discarded).
   */
  private async prepareResubmission(
    caller: Caller,
    app: ApplicationEntity,
    { changes, documents }: PreparedRequests['resubmit'],
  ): Promise<Prepared<'resubmit'>> {
    const replaced: Partial<Record<DocumentKey, DocumentRef>> = {};
    for (const [type, documentId] of Object.entries(documents ?? {})) {
      if (!isDocumentKey(type)) {
        throw new ApiError(ApiErrorCode.ValidationFailed, 'Unknown document type', [
          { field: `documents.${type}`, message: 'is not a document type' },
        ]);
      }
      const doc = UUID.test(documentId) ? await this.documents.findForMerchant(caller.id, app.id, documentId) : null;
      if (doc === null || doc.type !== type) {
        // Which ids exist is no request shape a schema could state: a rule (422), like a wrong agreement version.
        throw new ApiError(ApiErrorCode.RuleViolated, 'No such uploaded document', [
          { field: `documents.${type}`, message: `is not a ${type} uploaded to this application` },
        ]);
      }
      replaced[type] = { documentId: doc.id, sha256: doc.sha256, mediaType: doc.mediaType, size: doc.size };
    }
    const current = (await this.viewer.profileOf(app, app.profileRevision)) ?? {};
    const next = mergeProfile(current, { ...changes, documents: replaced });
    return this.storeRevision(app, next, changedPaths(current, next));
  }

  /** Stores the new profile revision for the Update to record; discarded if the Update is refused. */
  private async storeRevision(
    app: ApplicationEntity,
    next: ApplicationProfile,
    changedFields: readonly string[],
  ): Promise<Prepared<'updateDraft' | 'resubmit'>> {
    const revision = await this.profiles.appendRevision(
      app.merchantId,
      app.id,
      next as Record<string, unknown>,
      this.config.tenancy.maxProfileRevisions,
    );
    if (revision === null) throw this.revisionLimitReached();
    const body: ProfileRevisionBody = {
      profileRevision: revision,
      basedOnRevision: app.profileRevision,
      capabilities: next.capabilities ?? [],
      changedFields,
    };
    // A replayed Update answers with the revision it stored first, not this one (then read).
    return {
      body,
      shown: Promise.resolve({ revision, profile: next }),
      undo: () => this.profiles.discardRevision(app.id, revision),
    };
  }

  /** Submits a draft, once the submit gate passes it (a 422 listing what is still due). */
  private async prepareSubmission(app: ApplicationEntity): Promise<Prepared<'submit'>> {
    const profile = await this.viewer.profileOf(app, app.profileRevision);
    const blockers = submitBlockers(app.status, profile ?? {}, this.config.mcc);
    if (blockers.length > 0) {
      throw new ApiError(
        ApiErrorCode.ApplicationIncomplete,
        `The application is not complete: ${blockers.length} item(s) still due`,
        blockers,
      );
    }
    return { body: {}, shown: Promise.resolve({ revision: app.profileRevision, profile }) };
  }

  private revisionLimitReached(): ApiError {
    const max = this.config.tenancy.maxProfileRevisions;
    return new ApiError(
      ApiErrorCode.ProfileRevisionLimitReached,
      `This application already holds ${max} profile revisions; it takes no more changes`,
      [{ field: 'profile', message: `at most ${max} revisions per application` }],
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
  private async answer(caller: Caller, state: ApplicationState, known?: KnownProfiles): Promise<ApplicationView> {
    const view = await this.viewer.viewOf(caller, readModelOf(state), known);
    if (this.lagging.has(state)) throw new ReadModelLagging(view, state.seq);
    return view;
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
