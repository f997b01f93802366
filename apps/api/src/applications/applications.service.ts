import { createHash, randomUUID } from 'node:crypto';
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
  APPLICATION_WORKFLOW_TYPE,
  cancelUpdate,
  createdUpdate,
  decisionUpdate,
  MerchantIdAttribute,
  submitUpdate,
  withdrawUpdate,
  workflowIdFor,
  type DecisionInput,
  type StartApplicationInput,
} from '@mo/contracts';
import { DomainErrorCode, type Actor, type ApplicationState, type Role } from '@mo/domain';
import { ApplicationRepository, EventRepository, ProfileRepository, type ApplicationEntity } from '@mo/persistence';
import { TEMPORAL_CLIENT } from '@mo/temporal';
import { ApiError, ApiErrorCode } from '../errors/api-error';
import { fromEntity, fromState, toApplicationView, toEventView } from './application-views';
import type { ApplicationListView, ApplicationView, TimelineView } from './dto/application-view.dto';
import type { CreateApplicationDto } from './dto/create-application.dto';

type Caller = Actor & { role: Role };

/**
 * Drives application workflows. Actions are Temporal Updates, so they answer only after the
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
  ) {}

  async create(caller: Caller, dto: CreateApplicationDto, idempotencyKey?: string): Promise<ApplicationView> {
    // A retried create with the same key lands on the same application id, hence the same workflow.
    const applicationId =
      idempotencyKey === undefined ? randomUUID() : uuidFromKey(`create\0${caller.id}\0${idempotencyKey}`);
    const profileRevision = 1;
    await this.profiles.saveRevision(caller.id, applicationId, profileRevision, { business: { ...dto.business } });
    const input: StartApplicationInput = { applicationId, merchantId: caller.id, profileRevision, actor: caller };
    const start = new WithStartWorkflowOperation(APPLICATION_WORKFLOW_TYPE, {
      workflowId: workflowIdFor(applicationId),
      taskQueue: this.config.temporal.taskQueue,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [{ key: MerchantIdAttribute, value: caller.id }],
    });
    const state = await this.call(() =>
      this.temporal.workflow.executeUpdateWithStart(createdUpdate, {
        args: [{ actor: caller }],
        updateId: `create:${applicationId}`,
        startWorkflowOperation: start,
      }),
    );
    return toApplicationView(fromState(state), caller.role);
  }

  async get(caller: Caller, id: string): Promise<ApplicationView> {
    return toApplicationView(fromEntity(await this.requireVisible(caller, id)), caller.role);
  }

  async list(caller: Caller, limit: number): Promise<ApplicationListView> {
    const rows = await this.applications.listForMerchant(caller.id, limit);
    return { items: rows.map((r) => toApplicationView(fromEntity(r), caller.role)) };
  }

  async timeline(caller: Caller, id: string): Promise<TimelineView> {
    await this.requireVisible(caller, id);
    const events = await this.events.listForApplication(id);
    return { applicationId: id, events: events.map((e) => toEventView(e, caller.role)) };
  }

  submit(caller: Caller, id: string, key?: string): Promise<ApplicationView> {
    return this.act(caller, id, submitUpdate, { actor: caller }, key);
  }

  decide(caller: Caller, id: string, decision: DecisionInput, key?: string): Promise<ApplicationView> {
    return this.act(caller, id, decisionUpdate, decision, key);
  }

  withdraw(caller: Caller, id: string, reason: string | undefined, key?: string): Promise<ApplicationView> {
    return this.act(caller, id, withdrawUpdate, { actor: caller, ...(reason !== undefined ? { reason } : {}) }, key);
  }

  cancel(caller: Caller, id: string, reason: string, key?: string): Promise<ApplicationView> {
    return this.act(caller, id, cancelUpdate, { actor: caller, reason }, key);
  }

  private async act<A>(
    caller: Caller,
    id: string,
    update: UpdateDefinition<ApplicationState, [A]>,
    arg: A,
    idempotencyKey?: string,
  ): Promise<ApplicationView> {
    const current = await this.requireVisible(caller, id);
    const handle = this.temporal.workflow.getHandle(workflowIdFor(id));
    const state = await this.call(
      () => handle.executeUpdate(update, { args: [arg], ...(idempotencyKey ? { updateId: idempotencyKey } : {}) }),
      current,
    );
    return toApplicationView(fromState(state), caller.role);
  }

  /** A merchant sees only its own applications; any other id is indistinguishable from a missing one. */
  private async requireVisible(caller: Caller, id: string): Promise<ApplicationEntity> {
    const found =
      caller.role === 'merchant'
        ? await this.applications.findForMerchant(caller.id, id)
        : await this.applications.findForStaff(id);
    if (found === null) throw new ApiError(ApiErrorCode.ApplicationNotFound, `No application ${id}`);
    return found;
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

function domainToApiError(failure: ApplicationFailure): ApiError {
  switch (failure.type as DomainErrorCode) {
    case DomainErrorCode.IllegalTransition:
      return new ApiError(ApiErrorCode.IllegalTransition, failure.message);
    case DomainErrorCode.NotPermitted:
      return new ApiError(ApiErrorCode.NotPermitted, failure.message);
    case DomainErrorCode.ValidationFailed: {
      const details = (failure.details?.[0] ?? {}) as { field?: string };
      return new ApiError(
        ApiErrorCode.ValidationFailed,
        failure.message,
        details.field ? [{ field: details.field, message: failure.message }] : [],
      );
    }
    default:
      return new ApiError(ApiErrorCode.Internal, `Unexpected workflow failure ${failure.type}: ${failure.message}`);
  }
}

/** A stable UUID (version 8 layout) derived from a string, for idempotent creation. */
function uuidFromKey(input: string): string {
  const h = createHash('sha256').update(input).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
