/**
 * Rescreening's activities: reload the lists, and screen a batch of open applications (new hits go
 * to the workflow through its addScreeningHits Update) and live merchants (a timeline event, a staff
 * notification and a metric, once per hit).
 */
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import {
  addScreeningHitsUpdate,
  SCREENING_PROVIDER,
  workflowIdFor,
  type RescreenBatch,
  type RescreenBatchResult,
  type RescreeningActivities,
  type ScreeningListsLoaded,
  type ScreeningProvider,
} from '@mo/contracts';
import { SYSTEM_ACTOR, type ApplicationProfile, type ApplicationStatus, type ScreeningHitRecord } from '@mo/domain';
import { ApplicationRepository, ProfileRepository, ScreeningRepository } from '@mo/persistence';
import { TEMPORAL_CLIENT } from '@mo/temporal';
import { screenProfile } from '../activities/precheck.activities';

/** Where new hits can still be resolved by a reviewer (the domain's add_screening_hits statuses). */
export const RESCREENED_OPEN: readonly ApplicationStatus[] = [
  'in_review',
  'awaiting_second_approval',
  'changes_requested',
];
/** Live merchants: their workflow has completed. */
export const RESCREENED_LIVE: readonly ApplicationStatus[] = ['active'];

export const MERCHANT_SCREENING_HITS = 'merchant_onboarding_merchant_screening_hits';

@Injectable()
export class RescreeningActivitiesImpl implements RescreeningActivities, OnModuleInit {
  private readonly logger = new Logger('Rescreening');

  onModuleInit(): void {
    // Exported from the start (at 0), so the alert on it has a series before the first hit.
    merchantHits()?.add(0);
  }

  constructor(
    @Inject(SCREENING_PROVIDER) private readonly screening: ScreeningProvider,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly applications: ApplicationRepository,
    private readonly profiles: ProfileRepository,
    private readonly versions: ScreeningRepository,
  ) {}

  async reloadScreeningLists(): Promise<ScreeningListsLoaded> {
    const loaded = await this.screening.reload();
    const changed = await this.versions.recordVersion(loaded.version, loaded.entryCount, loaded.loadedAt);
    return { listVersion: loaded.version, entryCount: loaded.entryCount, changed };
  }

  async rescreenBatch({ listVersion, after, limit }: RescreenBatch): Promise<RescreenBatchResult> {
    // This worker may not have loaded the version the workflow saw yet (another worker reloaded).
    const serving = await this.screening.reload();
    if (serving.version !== listVersion) {
      throw new Error(`screening lists here are ${serving.version}, the rescreen is for ${listVersion}`);
    }
    const rows = await this.applications.listForRescreening([...RESCREENED_OPEN, ...RESCREENED_LIVE], after, limit);
    let added = 0;
    for (const row of rows) {
      const profile = await this.profiles.find(row.merchantId, row.id, row.profileRevision);
      if (profile === null) continue;
      const known = new Set((row.screeningHits ?? []).map((h) => h.hitId));
      const fresh = (await screenProfile(this.screening, profile.data as ApplicationProfile)).filter(
        (h) => !known.has(h.hitId),
      );
      if (fresh.length === 0) continue;
      added += RESCREENED_LIVE.includes(row.status)
        ? await this.recordOnMerchant(row.id, row.merchantId, fresh)
        : await this.addToApplication(row.id, fresh);
    }
    return { next: rows.length < limit ? null : rows[rows.length - 1]!.id, screened: rows.length, added };
  }

  async markRescreened({ listVersion }: { readonly listVersion: string }): Promise<void> {
    await this.versions.markRescreened(listVersion);
  }

  private async addToApplication(applicationId: string, hits: readonly ScreeningHitRecord[]): Promise<number> {
    try {
      await this.temporal.workflow.getHandle(workflowIdFor(applicationId)).executeUpdate(addScreeningHitsUpdate, {
        args: [{ actor: SYSTEM_ACTOR, hits }],
        // The same hits on a retry: the same Update, applied once.
        updateId: `rescreen:${hits.map((h) => h.hitId).join(',')}`,
      });
      return hits.length;
    } catch (err) {
      // Refused: it moved on meanwhile (decided, or the hits are there already). Nothing to add.
      if (err instanceof WorkflowUpdateFailedError) return 0;
      throw err;
    }
  }

  private async recordOnMerchant(
    applicationId: string,
    merchantId: string,
    hits: readonly ScreeningHitRecord[],
  ): Promise<number> {
    let added = 0;
    for (const hit of hits) {
      const recorded = await this.versions.recordMerchantHit({
        applicationId,
        merchantId,
        hitId: hit.hitId,
        data: {
          subject: hit.subject.path,
          entryId: hit.entry.id,
          dataset: hit.entry.dataset,
          matchedName: hit.matchedName,
          score: hit.score,
          listVersion: hit.listVersion,
        },
      });
      if (!recorded) continue;
      added++;
      this.logger.warn(`live merchant ${merchantId}: new screening hit ${hit.hitId} (${hit.entry.dataset})`);
      merchantHits()?.add(1, { dataset: hit.entry.dataset });
    }
    return added;
  }
}

/** The worker Runtime's counter; none before `main` installed the Runtime (see the screening provider). */
function merchantHits(): { add(n: number, labels?: Record<string, string>): void } | undefined {
  return Runtime._instance?.metricMeter.createCounter(
    MERCHANT_SCREENING_HITS,
    '1',
    'New screening hits on live merchants (a review item is due)',
  );
}
