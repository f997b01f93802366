import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import {
  agreementUpdate,
  APPLICATION_WORKFLOW_TYPE,
  cancelUpdate,
  claimUpdate,
  createdUpdate,
  decisionUpdate,
  MerchantIdAttribute,
  microDepositUpdate,
  noteUpdate,
  reassignUpdate,
  releaseUpdate,
  resubmitUpdate,
  retryOperationUpdate,
  submitUpdate,
  updateDraftUpdate,
  withdrawUpdate,
  workflowIdFor,
  type DecisionInput,
  type ProfileChangeInput,
  type StartApplicationInput,
} from '@mo/contracts';
import {
  changedPaths,
  currentlyDue,
  DomainErrorCode,
  isCoveredBy,
  isDocumentType,
  mergeProfile,
  type Actor,
  type ApplicationProfile,
  type ApplicationState,
  type DocumentRef,
  type DocumentType,
  type Role,
} from '@mo/domain';
import {
  ApplicationRepository,
  DocumentRepository,
  EventRepository,
  ProfileRepository,
  type ApplicationEntity,
} from '@mo/persistence';
import { TEMPORAL_CLIENT } from '@mo/temporal';
import { uuidFromKey } from '../common/stable-id';
import { ApiError, ApiErrorCode, statusFor } from '../errors/api-error';
import { toApplicationView, toEventView } from './application-views';
import type { ApplicationListView, ApplicationView, TimelineView } from './dto/application-view.dto';
import type { ProfileDto } from './dto/profile.dto';

export type Caller = Actor & { role: Role };

/**
 * Drives application workflows. Every action is a Temporal Update, so it answers only after the
 * workflow has decided and recorded the events (read-your-writes); reads come from the read model.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly applications: ApplicationRepository,
    private readonly events: EventRepository,
    private readonly profiles: ProfileRepository,
    private readonly documents: DocumentRepository,
  ) {}

  async create(caller: Caller, dto: ProfileDto, idempotencyKey?: string): Promise<ApplicationView> {
    // A retried create with the same key lands on the same application id, hence the same workflow.
    const applicationId =
      idempotencyKey === undefined ? randomUUID() : uuidFromKey(`create\0${caller.id}\0${idempotencyKey}`);
    const profile = mergeProfile({}, dto);
    const profileRevision = 1;
    await this.profiles.saveRevision(caller.id, applicationId, profileRevision, profile as Record<string, unknown>);
    const input: StartApplicationInput = {
      applicationId,
      merchantId: caller.id,
      profileRevision,
      capabilities: profile.capabilities ?? [],
      policy: this.config.policy,
      actor: caller,
    };
    const start = new WithStartWorkflowOperation(APPLICATION_WORKFLOW_TYPE, {
      workflowId: workflowIdFor(applicationId),
      taskQueue: this.config.temporal.taskQueue,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [{ key: MerchantIdAttribute, value: caller.id }],
    });
    await this.call(() =>
      this.temporal.workflow.executeUpdateWithStart(createdUpdate, {
        args: [{ actor: caller }],
        updateId: `create:${applicationId}`,
        startWorkflowOperation: start,
      }),
    );
    return this.get(caller, applicationId);
  }

  async get(caller: Caller, id: string): Promise<ApplicationView> {
    const app = await this.requireVisible(caller, id);
    const profile = await this.profileOf(app, app.profileRevision);
    const previous = app.changedFields.length > 0 ? await this.previousProfile(app) : undefined;
    return toApplicationView(app, {
      role: caller.role,
      callerId: caller.id,
      mcc: this.config.mcc,
      agreementVersion: this.config.policy.agreementVersion,
      ...(profile ? { profile } : {}),
      ...(previous ? { previousProfile: previous } : {}),
    });
  }

  async list(caller: Caller, limit: number): Promise<ApplicationListView> {
    const rows = await this.applications.listForMerchant(caller.id, limit);
    return {
      items: rows.map((r) => toApplicationView(r, { role: caller.role, callerId: caller.id, mcc: this.config.mcc })),
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
    return this.reviseDraft(caller, app, (current) => mergeProfile(current, dto), key);
  }

  /** Attaches an uploaded document to a draft (a new profile revision). */
  async attachToDraft(caller: Caller, app: ApplicationEntity, type: DocumentType, ref: DocumentRef): Promise<void> {
    await this.reviseDraft(
      caller,
      app,
      (current) => mergeProfile(current, { documents: { [type]: ref } }),
      `attach:${ref.documentId}`,
    );
  }

  private async reviseDraft(
    caller: Caller,
    app: ApplicationEntity,
    change: (current: ApplicationProfile) => ApplicationProfile,
    key?: string,
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
      if (changedFields.length === 0) return this.get(caller, latest.id);
      return this.applyRevision(caller, latest, updateDraftUpdate, next, changedFields, key);
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

  /** Stores the new profile revision and records it in the workflow; a refused one is discarded. */
  private async applyRevision(
    caller: Caller,
    app: ApplicationEntity,
    update: UpdateDefinition<ApplicationState, [ProfileChangeInput]>,
    next: ApplicationProfile,
    changedFields: readonly string[],
    key?: string,
  ): Promise<ApplicationView> {
    const revision = await this.profiles.appendRevision(app.merchantId, app.id, next as Record<string, unknown>);
    const input: ProfileChangeInput = {
      actor: caller,
      profileRevision: revision,
      basedOnRevision: app.profileRevision,
      capabilities: next.capabilities ?? [],
      changedFields,
    };
    try {
      return await this.act(caller, app.id, update, input, key);
    } catch (err) {
      if (err instanceof ApiError && statusFor(err.code) < 500) await this.profiles.discardRevision(app.id, revision);
      throw err;
    }
  }

  /**
   * Resubmits after a request for changes. Only what the feedback targets may change: checked here
   * before anything is written, and again by the workflow's validator.
   */
  async resubmit(
    caller: Caller,
    id: string,
    changes: ProfileDto,
    documents: Record<string, string> | undefined,
    key?: string,
  ): Promise<ApplicationView> {
    return this.retryOnProfileChange(caller, await this.requireVisible(caller, id), async (app) => {
      if (app.status !== 'changes_requested') {
        throw new ApiError(ApiErrorCode.IllegalTransition, `Cannot resubmit an application that is ${app.status}`);
      }
      const replaced: Partial<Record<DocumentType, DocumentRef>> = {};
      for (const [type, documentId] of Object.entries(documents ?? {})) {
        if (!isDocumentType(type)) {
          throw new ApiError(ApiErrorCode.ValidationFailed, 'Unknown document type', [
            { field: `documents.${type}`, message: 'is not a document type' },
          ]);
        }
        const doc = UUID.test(documentId) ? await this.documents.findForMerchant(caller.id, id, documentId) : null;
        if (doc === null || doc.type !== type) {
          throw new ApiError(ApiErrorCode.ValidationFailed, 'No such uploaded document', [
            { field: `documents.${type}`, message: `is not a ${type} uploaded to this application` },
          ]);
        }
        replaced[type] = { documentId: doc.id, sha256: doc.sha256, mediaType: doc.mediaType, size: doc.size };
      }
      const current = (await this.profileOf(app, app.profileRevision)) ?? {};
      const next = mergeProfile(current, { ...changes, documents: replaced });
      const changedFields = changedPaths(current, next);
      const targets = app.openReasons.map((r) => r.target);
      if (changedFields.length === 0) {
        throw new ApiError(ApiErrorCode.ValidationFailed, 'Nothing was changed: correct what the feedback asks for', [
          { field: 'changes', message: `open for changes: ${targets.join(', ')}` },
        ]);
      }
      const outside = changedFields.filter((f) => !isCoveredBy(f, targets));
      if (outside.length > 0) {
        throw new ApiError(
          ApiErrorCode.FieldNotOpen,
          `Only the fields the feedback targets may change (${targets.join(', ')})`,
          outside.map((field) => ({ field, message: 'is not open for resubmission' })),
        );
      }
      return this.applyRevision(caller, app, resubmitUpdate, next, changedFields, key);
    });
  }

  /**
   * Submits a draft. What is still due blocks submission with a 422 listing it, so no reviewer time
   * goes to an incomplete file; a missing industry licence is left to the prechecks, which turn it
   * into targeted feedback.
   */
  async submit(caller: Caller, id: string, key?: string): Promise<ApplicationView> {
    const app = await this.requireVisible(caller, id);
    if (app.status === 'draft') {
      const due = currentlyDue((await this.profileOf(app, app.profileRevision)) ?? {}, this.config.mcc).filter(
        (item) => item !== 'industry_license',
      );
      if (due.length > 0) {
        throw new ApiError(
          ApiErrorCode.ApplicationIncomplete,
          `The application is not complete: ${due.length} item(s) still due`,
          due.map((field) => ({ field, message: isDocumentType(field) ? 'document is missing' : 'is required' })),
        );
      }
    }
    return this.act(caller, id, submitUpdate, { actor: caller }, key);
  }
  claim = (caller: Caller, id: string, key?: string): Promise<ApplicationView> =>
    this.act(caller, id, claimUpdate, { actor: caller }, key);
  release = (caller: Caller, id: string, key?: string): Promise<ApplicationView> =>
    this.act(caller, id, releaseUpdate, { actor: caller }, key);
  reassign = (caller: Caller, id: string, to: Actor, key?: string): Promise<ApplicationView> =>
    this.act(caller, id, reassignUpdate, { actor: caller, to }, key);
  decide = (caller: Caller, id: string, decision: DecisionInput, key?: string): Promise<ApplicationView> =>
    this.act(caller, id, decisionUpdate, decision, key);
  addNote = (caller: Caller, id: string, note: string, key?: string): Promise<ApplicationView> =>
    this.act(caller, id, noteUpdate, { actor: caller, note }, key);
  confirmMicroDeposit = (caller: Caller, id: string, amount: string, key?: string): Promise<ApplicationView> =>
    this.act(caller, id, microDepositUpdate, { actor: caller, amount }, key);
  acceptAgreement = (
    caller: Caller,
    id: string,
    version: string,
    signatory: string,
    key?: string,
  ): Promise<ApplicationView> => this.act(caller, id, agreementUpdate, { actor: caller, version, signatory }, key);
  withdraw = (caller: Caller, id: string, reason: string | undefined, key?: string): Promise<ApplicationView> =>
    this.act(caller, id, withdrawUpdate, { actor: caller, ...(reason !== undefined ? { reason } : {}) }, key);
  cancel = (caller: Caller, id: string, reason: string, key?: string): Promise<ApplicationView> =>
    this.act(caller, id, cancelUpdate, { actor: caller, reason }, key);
  retryOperation = (caller: Caller, id: string, key?: string): Promise<ApplicationView> =>
    this.act(caller, id, retryOperationUpdate, { actor: caller }, key);

  private async act<A>(
    caller: Caller,
    id: string,
    update: UpdateDefinition<ApplicationState, [A]>,
    arg: A,
    idempotencyKey?: string,
  ): Promise<ApplicationView> {
    const current = await this.requireVisible(caller, id);
    const handle = this.temporal.workflow.getHandle(workflowIdFor(id));
    await this.call(
      () => handle.executeUpdate(update, { args: [arg], ...(idempotencyKey ? { updateId: idempotencyKey } : {}) }),
      current,
    );
    // The update answered after its events were projected, so this read already reflects it.
    return this.get(caller, id);
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

  private async profileOf(app: ApplicationEntity, revision: number): Promise<ApplicationProfile | undefined> {
    const row = await this.profiles.find(app.merchantId, app.id, revision);
    return row === null ? undefined : row.data;
  }

  private async previousProfile(app: ApplicationEntity): Promise<ApplicationProfile | undefined> {
    // A resubmission makes exactly one revision from the one that was reviewed.
    return this.profileOf(app, app.profileRevision - 1);
  }

  /** Maps Temporal's answers to the API's typed errors. */
  private async call<T>(fn: () => Promise<T>, current?: ApplicationEntity): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        throw domainToApiError(err.cause);
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

/** Domain refusals → API codes: the rule that refused is part of the code, so clients can act on it. */
function domainToApiError(failure: ApplicationFailure): ApiError {
  const details = (failure.details?.[0] ?? {}) as { field?: string; rule?: string; fields?: string[] };
  const fieldErrors = details.field ? [{ field: details.field, message: failure.message }] : [];
  switch (failure.type as DomainErrorCode) {
    case DomainErrorCode.IllegalTransition:
      if (details.rule === 'claim_required') return new ApiError(ApiErrorCode.ClaimRequired, failure.message);
      if (details.rule === 'claimed') return new ApiError(ApiErrorCode.ClaimedByAnotherReviewer, failure.message);
      if (details.rule === 'stale_revision') return new ApiError(ApiErrorCode.ProfileChanged, failure.message);
      return new ApiError(ApiErrorCode.IllegalTransition, failure.message);
    case DomainErrorCode.NotPermitted:
      if (details.rule === 'four_eyes') return new ApiError(ApiErrorCode.FourEyesRequired, failure.message);
      if (details.rule === 'senior_required') return new ApiError(ApiErrorCode.SeniorReviewerRequired, failure.message);
      return new ApiError(ApiErrorCode.NotPermitted, failure.message);
    case DomainErrorCode.ValidationFailed:
      if (details.rule === 'field_not_open') {
        return new ApiError(
          ApiErrorCode.FieldNotOpen,
          failure.message,
          (details.fields ?? []).map((field) => ({ field, message: 'is not open for resubmission' })),
        );
      }
      return new ApiError(ApiErrorCode.RuleViolated, failure.message, fieldErrors);
    default:
      return new ApiError(ApiErrorCode.Internal, `Unexpected workflow failure ${failure.type}: ${failure.message}`);
  }
}
