import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowIdReusePolicy } from '@temporalio/common';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import {
  WEBHOOK_CIRCUIT_OPEN,
  WEBHOOK_DELIVERY_EXHAUSTED,
  WEBHOOK_WORKFLOW_TYPE,
  webhookWorkflowId,
  type WebhookEventRef,
} from '@mo/contracts';
import { MERCHANT_NOTIFIED_EVENTS, merchantVisibleData, type ApplicationState, type DomainEvent } from '@mo/domain';
import { HOST_RESOLVER, postPinned, vetDestination, type HostResolver } from '@mo/egress';
import { EventRepository, WebhookRepository, type CircuitPolicy } from '@mo/persistence';
import { TEMPORAL_CLIENT } from '@mo/temporal';

/** Real attempts (not circuit deferrals) per endpoint and event before delivery gives up. */
export const MAX_DELIVERY_ATTEMPTS = 15;
/** How long one attempt waits for the endpoint's answer. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`: what receivers verify (and reject when stale). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Starts one delivery workflow per notified event, for merchants with an active endpoint (most have
 * none, and a workflow per event would cost Temporal more than the application itself); its id
 * makes a repeated start a no-op.
 */
@Injectable()
export class WebhookDispatcher {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly endpoints: WebhookRepository,
  ) {}

  async dispatch(state: ApplicationState, events: readonly DomainEvent[]): Promise<void> {
    const notified = events.filter((x) => MERCHANT_NOTIFIED_EVENTS.includes(x.type));
    if (notified.length === 0 || !(await this.endpoints.hasActive(state.merchantId))) return;
    for (const e of notified) {
      const ref: WebhookEventRef = {
        applicationId: e.applicationId,
        merchantId: state.merchantId,
        seq: e.seq,
        type: e.type,
      };
      try {
        await this.temporal.workflow.start(WEBHOOK_WORKFLOW_TYPE, {
          workflowId: webhookWorkflowId(e.applicationId, e.seq),
          // Their own queue and worker slots: a dead endpoint never takes a slot recordTransition needs.
          taskQueue: this.config.webhooks.taskQueue,
          args: [ref],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
  }
}

/**
 * Signed webhook deliveries, logged per endpoint and event; receivers dedupe on Webhook-Id. Each
 * attempt resolves the endpoint's name, refuses it if any address is not public, and connects to the
 * address it checked. An endpoint that keeps failing opens its circuit: deliveries to it are deferred
 * (retried when the cool-down ends) without a connection or an attempt spent.
 */
@Injectable()
export class WebhookActivities {
  private readonly logger = new Logger(WebhookActivities.name);
  private readonly circuit: CircuitPolicy;

  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly events: EventRepository,
    @Inject(HOST_RESOLVER) private readonly resolver: HostResolver,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'webhooks'>,
  ) {
    this.circuit = {
      failureThreshold: config.webhooks.circuitFailureThreshold,
      cooldownSeconds: config.webhooks.circuitCooldownSeconds,
    };
  }

  async webhookTargets(input: { merchantId: string }): Promise<string[]> {
    return (await this.webhooks.listActive(input.merchantId)).map((e) => e.id);
  }

  async deliverWebhook(input: WebhookEventRef & { endpointId: string }): Promise<void> {
    const endpoint = await this.webhooks.findActive(input.endpointId);
    if (endpoint === null) return; // removed since: nothing to deliver
    const done = await this.webhooks.findDelivery(input.endpointId, input.applicationId, input.seq);
    if (done?.status === 'delivered') return;
    if (done !== null && done.attempts >= MAX_DELIVERY_ATTEMPTS) {
      throw ApplicationFailure.nonRetryable(`gave up after ${done.attempts} attempts`, WEBHOOK_DELIVERY_EXHAUSTED);
    }
    const event = await this.events.find(input.applicationId, input.seq);
    if (event === null) throw new Error(`event ${input.applicationId}#${input.seq} is not recorded yet`);
    const pass = await this.webhooks.passCircuit(input.endpointId, this.circuit);
    if (pass.open) {
      throw ApplicationFailure.create({
        type: WEBHOOK_CIRCUIT_OPEN,
        message: `endpoint ${input.endpointId} is failing; next try in ${pass.retryInMs} ms`,
        nextRetryDelay: pass.retryInMs,
      });
    }
    const id = `${input.applicationId}:${input.seq}`;
    const body = JSON.stringify({
      id,
      type: event.type,
      applicationId: event.applicationId,
      status: event.status,
      occurredAt: new Date(event.at).toISOString(),
      data: merchantVisibleData(event.type, event.data) ?? {},
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const key = {
      endpointId: input.endpointId,
      applicationId: input.applicationId,
      seq: input.seq,
      eventType: event.type,
    };
    let statusCode: number | null = null;
    try {
      const url = new URL(endpoint.url);
      const { allowLocalhost, allowedPorts } = this.config.webhooks;
      const target = await vetDestination(url, this.resolver, allowLocalhost, allowedPorts);
      statusCode = await postPinned({
        url,
        target,
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-signature': signWebhook(endpoint.secret, timestamp, body),
          'user-agent': 'merchant-onboarding-webhooks/1',
        },
        body,
        timeoutMs: DELIVERY_TIMEOUT_MS,
      });
      if (statusCode >= 200 && statusCode < 300) {
        await this.webhooks.recordAttempt(key, { delivered: true, statusCode, error: null });
        await this.webhooks.recordCircuit(input.endpointId, true, this.circuit);
        return;
      }
      // Redirects are not followed: a 3xx is a failure like any other non-2xx.
      throw new Error(`endpoint answered ${statusCode}`);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      await this.webhooks.recordAttempt(key, { delivered: false, statusCode, error });
      await this.webhooks.recordCircuit(input.endpointId, false, this.circuit);
      this.logger.warn(`webhook ${id} to endpoint ${input.endpointId} failed: ${error}`);
      throw err;
    }
  }
}
