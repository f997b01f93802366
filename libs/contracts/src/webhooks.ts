/** Webhook delivery: one workflow per notified event, so a slow or dead endpoint never blocks an application. */
export const WEBHOOK_WORKFLOW_TYPE = 'webhookDeliveryWorkflow';
export const webhookWorkflowId = (applicationId: string, seq: number): string => `webhook:${applicationId}:${seq}`;

export interface WebhookEventRef {
  readonly applicationId: string;
  readonly merchantId: string;
  readonly seq: number;
  readonly type: string;
}

export interface WebhookActivities {
  /** The merchant's active endpoints when the event happened. */
  webhookTargets(input: { merchantId: string }): Promise<string[]>;
  /** Signs and POSTs the event to one endpoint; throws (and is retried) until it answers 2xx. */
  deliverWebhook(input: WebhookEventRef & { endpointId: string }): Promise<void>;
}
