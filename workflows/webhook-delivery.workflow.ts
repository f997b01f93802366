/**
 * Delivers one event to each of the merchant's webhook endpoints, retrying with backoff for hours.
 * Runs apart from the application's workflow, on its own task queue, so a slow or dead endpoint
 * never holds it (or any other merchant) up.
 */
import { patched, proxyActivities } from '@temporalio/workflow';
import type { WebhookActivities, WebhookEventRef } from '@mo/contracts';

const { webhookTargets } = proxyActivities<WebhookActivities>({ startToCloseTimeout: '30 seconds' });
/** Before endpoint circuits: Temporal counted the attempts. Kept for deliveries started then. */
const legacy = proxyActivities<WebhookActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 15 },
});
/**
 * The activity counts real attempts itself (and gives up, non-retryable, after 15); a delivery
 * deferred by the endpoint's open circuit costs none and comes back when the cool-down ends.
 */
const circuitAware = proxyActivities<WebhookActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '3 days',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

export async function webhookDeliveryWorkflow(event: WebhookEventRef): Promise<{ delivered: number; failed: number }> {
  const { deliverWebhook } = patched('webhook-endpoint-circuits') ? circuitAware : legacy;
  const endpoints = await webhookTargets({ merchantId: event.merchantId });
  const results = await Promise.allSettled(endpoints.map((endpointId) => deliverWebhook({ ...event, endpointId })));
  return {
    delivered: results.filter((r) => r.status === 'fulfilled').length,
    failed: results.filter((r) => r.status === 'rejected').length,
  };
}
