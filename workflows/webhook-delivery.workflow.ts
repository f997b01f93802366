/**
 * Delivers one event to each of the merchant's webhook endpoints, retrying with backoff for hours.
 * Runs apart from the application's workflow, so a slow or dead endpoint never holds it up.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { WebhookActivities, WebhookEventRef } from '@mo/contracts';

const { webhookTargets } = proxyActivities<WebhookActivities>({ startToCloseTimeout: '30 seconds' });
const { deliverWebhook } = proxyActivities<WebhookActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 15 },
});

export async function webhookDeliveryWorkflow(event: WebhookEventRef): Promise<{ delivered: number; failed: number }> {
  const endpoints = await webhookTargets({ merchantId: event.merchantId });
  const results = await Promise.allSettled(endpoints.map((endpointId) => deliverWebhook({ ...event, endpointId })));
  return {
    delivered: results.filter((r) => r.status === 'fulfilled').length,
    failed: results.filter((r) => r.status === 'rejected').length,
  };
}
