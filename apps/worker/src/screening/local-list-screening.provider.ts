/**
 * The built-in screening provider: the OpenSanctions files named by SCREENING_LISTS, loaded at
 * start-up (a worker whose lists do not load does not start) and reloaded by rescreening. A reload
 * that fails logs an error, counts `merchant_onboarding_screening_list_load_failures` (an alert
 * watches it) and leaves the previous version serving.
 */
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Runtime } from '@temporalio/worker';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import type { ProviderHit, ScreeningProvider } from '@mo/contracts';
import type { ScreeningSubjectOfProfile } from '@mo/domain';
import { DEFAULT_SCREENING_OPTIONS } from '@mo/domain/screening';
import { ScreeningLists, type ScreeningListVersion } from './screening-lists';

export const SCREENING_LIST_LOAD_FAILURES = 'merchant_onboarding_screening_list_load_failures';

@Injectable()
export class LocalListScreeningProvider implements ScreeningProvider, OnModuleInit {
  private readonly logger = new Logger('Screening');
  private readonly lists: ScreeningLists;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.lists = new ScreeningLists(config.screening.lists, {
      ...DEFAULT_SCREENING_OPTIONS,
      threshold: config.screening.threshold,
    });
  }

  async onModuleInit(): Promise<void> {
    // Exported from the start (at 0), so the alert on it has a series before the first failure.
    loadFailures()?.add(0);
    await this.reload();
  }

  /** The version serving (undefined before the first load). */
  get version(): ScreeningListVersion | undefined {
    return this.lists.version;
  }

  /** Reads the files again; a failure is loud (log, metric) and rethrown, the previous version serving on. */
  async reload(): Promise<ScreeningListVersion> {
    try {
      const loaded = await this.lists.load();
      if (loaded.outcome === 'loaded') {
        this.logger.log(
          `screening lists ${loaded.version.version} loaded: ${loaded.version.entryCount} entries in ${Math.round(loaded.durationMs)} ms`,
        );
      }
      return loaded.version;
    } catch (err) {
      const serving = this.lists.version?.version ?? 'none';
      this.logger.error(
        `screening lists failed to load (still serving ${serving}): ${err instanceof Error ? err.message : String(err)}`,
      );
      loadFailures()?.add(1);
      throw err;
    }
  }

  screen(subjects: readonly ScreeningSubjectOfProfile[]): Promise<{ listVersion: string; hits: ProviderHit[] }> {
    const { version, hits } = this.lists.screen(
      subjects.map((s) => ({
        subject: s.path,
        kind: s.kind,
        names: [s.name],
        ...(s.dateOfBirth === undefined ? {} : { dateOfBirth: s.dateOfBirth }),
        ...(s.nationality === undefined ? {} : { nationality: s.nationality }),
        ...(s.idNumber === undefined ? {} : { idNumber: s.idNumber }),
      })),
    );
    return Promise.resolve({
      listVersion: version,
      hits: hits.map((h) => ({
        subject: h.subject,
        matchedName: h.matchedName,
        score: h.score,
        entry: {
          id: h.entry.id,
          name: h.entry.name,
          aliases: [...h.entry.aliases],
          birthDates: [...h.entry.birthDates],
          countries: [...h.entry.countries],
          identifiers: [...h.entry.identifiers],
          dataset: h.entry.dataset,
          sanctions: [...h.entry.sanctions],
        },
      })),
    });
  }
}

/**
 * The worker Runtime's counter (exported with the SDK's metrics). Before `main` installed the
 * Runtime there is none: asking for one would install a default and break that install.
 */
function loadFailures(): { add(n: number): void } | undefined {
  return Runtime._instance?.metricMeter.createCounter(
    SCREENING_LIST_LOAD_FAILURES,
    '1',
    'Screening list loads that failed (the previous version keeps serving)',
  );
}
