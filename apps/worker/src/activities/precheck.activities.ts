import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import {
  SCREENING_PROVIDER,
  type PrecheckActivityResult,
  type PrecheckInput,
  type ScreeningProvider,
} from '@mo/contracts';
import {
  isDocumentType,
  runPrechecks,
  screeningSubjectsOf,
  type ApplicationProfile,
  type ScreeningHitRecord,
} from '@mo/domain';
import { DocumentRepository, ProfileRepository } from '@mo/persistence';

/** A hit's id: the same for the same subject and list entry, whatever the round or list version (URL-safe). */
export const hitIdOf = (subject: string, entryId: string): string =>
  createHash('sha256').update(`${subject}\n${entryId}`).digest('base64url').slice(0, 22);

/** Screens the profile's parties with the provider in force: each hit beside the subject as submitted. */
export async function screenProfile(
  provider: ScreeningProvider,
  profile: ApplicationProfile,
): Promise<ScreeningHitRecord[]> {
  const subjects = screeningSubjectsOf(profile);
  if (subjects.length === 0) return [];
  const { listVersion, hits } = await provider.screen(subjects);
  return hits.flatMap((hit) => {
    const subject = subjects.find((s) => s.path === hit.subject);
    if (subject === undefined) return [];
    return [
      {
        hitId: hitIdOf(subject.path, hit.entry.id),
        subject: {
          path: subject.path,
          name: subject.name,
          ...(subject.dateOfBirth === undefined ? {} : { dateOfBirth: subject.dateOfBirth }),
          ...(subject.nationality === undefined ? {} : { nationality: subject.nationality }),
        },
        entry: hit.entry,
        matchedName: hit.matchedName,
        score: hit.score,
        listVersion,
        resolution: null,
      },
    ];
  });
}

/** Gathers the facts the prechecks need (profile, duplicates, screening); the rules themselves are in the domain. */
@Injectable()
export class PrecheckActivities {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly profiles: ProfileRepository,
    private readonly documents: DocumentRepository,
    @Inject(SCREENING_PROVIDER) private readonly screening: ScreeningProvider,
  ) {}

  async runPrechecks(input: PrecheckInput): Promise<PrecheckActivityResult> {
    const row = await this.profiles.find(input.merchantId, input.applicationId, input.profileRevision);
    if (row === null) {
      throw ApplicationFailure.nonRetryable(
        `Profile revision ${input.profileRevision} of application ${input.applicationId} is missing`,
        'PROFILE_MISSING',
      );
    }
    const profile = row.data as ApplicationProfile;
    const docs = Object.entries(profile.documents ?? {}).flatMap(([type, ref]) =>
      ref && isDocumentType(type) ? [{ type, sha256: ref.sha256 }] : [],
    );
    const uscc = profile.business?.uscc;
    const result = runPrechecks(
      profile,
      {
        today: new Date().toISOString().slice(0, 10),
        duplicateUscc: uscc ? await this.profiles.usccUsedElsewhere(input.merchantId, uscc) : false,
        duplicateDocuments: await this.documents.typesUsedElsewhere(input.merchantId, docs),
        screeningHits: await screenProfile(this.screening, profile),
      },
      this.config.mcc,
      { maxBytes: this.config.documents.maxBytes, mediaTypes: ['application/pdf', 'image/jpeg', 'image/png'] },
    );
    return result;
  }
}
