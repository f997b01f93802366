import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import { WEBHOOK_WORKFLOW_TYPE, webhookWorkflowId, type WebhookEventRef } from '@mo/contracts';
import { MERCHANT_NOTIFIED_EVENTS, merchantVisibleData, type ApplicationState, type DomainEvent } from '@mo/domain';
import { EventRepository, WebhookRepository } from '@mo/persistence';
import { TEMPORAL_CLIENT } from '@mo/temporal';

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
          taskQueue: this.config.temporal.taskQueue,
          args: [ref],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
  }
}

/** Signed webhook deliveries, logged per endpoint and event; receivers dedupe on Webhook-Id. */
@Injectable()
export class WebhookActivities {
  private readonly logger = new Logger(WebhookActivities.name);

  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly events: EventRepository,
  ) {}

  async webhookTargets(input: { merchantId: string }): Promise<string[]> {
    return (await this.webhooks.listActive(input.merchantId)).map((e) => e.id);
  }

  async deliverWebhook(input: WebhookEventRef & { endpointId: string }): Promise<void> {
    const endpoint = await this.webhooks.findActive(input.endpointId);
    if (endpoint === null) return; // removed since: nothing to deliver
    const done = await this.webhooks.findDelivery(input.endpointId, input.applicationId, input.seq);
    if (done?.status === 'delivered') return;
    const event = await this.events.find(input.applicationId, input.seq);
    if (event === null) throw new Error(`event ${input.applicationId}#${input.seq} is not recorded yet`);
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
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-signature': signWebhook(endpoint.secret, timestamp, body),
          'user-agent': 'merchant-onboarding-webhooks/1',
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      statusCode = res.status;
      if (res.status >= 200 && res.status < 300) {
        await this.webhooks.recordAttempt(key, { delivered: true, statusCode, error: null });
        return;
      }
      throw new Error(`endpoint answered ${res.status}`);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      await this.webhooks.recordAttempt(key, { delivered: false, statusCode, error });
      this.logger.warn(`webhook ${id} to endpoint ${input.endpointId} failed: ${error}`);
      throw err;
    }
  }
}
