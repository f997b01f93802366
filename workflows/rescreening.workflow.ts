/**
 * Started by a Temporal Schedule (daily by default): reloads the screening lists and, when their
 * version is new, screens every open application and live merchant again, batch by batch (the
 * fan-out is the activities'; new hits reach open applications through their addScreeningHits Update).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { RescreenBatchResult, RescreeningActivities } from '@mo/contracts';

const BATCH = 100;

const { reloadScreeningLists, rescreenBatch, markRescreened } = proxyActivities<RescreeningActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', maximumAttempts: 10 },
});

export async function rescreeningWorkflow(): Promise<{ listVersion: string; screened: number; added: number }> {
  const lists = await reloadScreeningLists();
  let screened = 0;
  let added = 0;
  if (lists.changed) {
    let after: string | null = null;
    do {
      const batch: RescreenBatchResult = await rescreenBatch({ listVersion: lists.listVersion, after, limit: BATCH });
      screened += batch.screened;
      added += batch.added;
      after = batch.next;
    } while (after !== null);
    await markRescreened({ listVersion: lists.listVersion });
  }
  return { listVersion: lists.listVersion, screened, added };
}
