/** Started hourly by a Temporal Schedule: forgets Idempotency-Keys past their 24 hours. */
import { proxyActivities } from '@temporalio/workflow';
import type { MaintenanceActivities } from '@mo/contracts';

const { purgeExpiredIdempotencyKeys } = proxyActivities<MaintenanceActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', maximumAttempts: 5 },
});

export async function purgeIdempotencyKeysWorkflow(): Promise<{ deleted: number }> {
  return purgeExpiredIdempotencyKeys();
}
