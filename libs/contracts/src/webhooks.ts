/** Webhook delivery: one workflow per notified event, so a slow or dead endpoint never blocks an application. */
export const WEBHOOK_WORKFLOW_TYPE = 'webhookDeliveryWorkflow';
export const webhookWorkflowId = (applicationId: string, seq: number): string => `webhook:${applicationId}:${seq}`;

/** Failure types of deliverWebhook: the endpoint's circuit is open (retried after it), or attempts ran out. */
export const WEBHOOK_CIRCUIT_OPEN = 'WebhookCircuitOpen';
export const WEBHOOK_DELIVERY_EXHAUSTED = 'WebhookDeliveryExhausted';

export interface WebhookEventRef {
  readonly applicationId: string;
  readonly merchantId: string;
  readonly seq: number;
  readonly type: string;
}

export interface WebhookActivities {
  /** The merchant's active endpoints when the event happened. */
  webhookTargets(input: { merchantId: string }): Promise<string[]>;
  /**
   * Signs and POSTs the event to one endpoint (refusing non-public addresses); throws, and is retried,
   * until it answers 2xx, the endpoint's circuit defers it, or its attempts run out (non-retryable).
   */
  deliverWebhook(input: WebhookEventRef & { endpointId: string }): Promise<void>;
}
