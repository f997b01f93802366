import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import {
  REGISTRY_UNAVAILABLE,
  SCREENING_PROVIDER,
  type PrecheckActivityResult,
  type PrecheckInput,
  type ScreeningProvider,
} from '@mo/contracts';
import {
  isDocumentKey,
  isValidUscc,
  runPrechecks,
  screeningSubjectsOf,
  type ApplicationProfile,
  type RegistryRecord,
  type ScreeningHitRecord,
} from '@mo/domain';
import { DocumentRepository, ProfileRepository } from '@mo/persistence';
import { BusinessRegistry, RegistryUnavailableError } from './business-registry';

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

/** Gathers the facts the prechecks need (profile, duplicates, the registry's record, screening); the rules themselves are in the domain. */
@Injectable()
export class PrecheckActivities {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly profiles: ProfileRepository,
    private readonly documents: DocumentRepository,
    private readonly registry: BusinessRegistry,
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
      ref && isDocumentKey(type) ? [{ type, sha256: ref.sha256 }] : [],
    );
    const uscc = profile.business?.uscc;
    // Asked first: an outage fails the attempt before anything else is read.
    const registry = uscc && isValidUscc(uscc) ? await this.askRegistry(uscc, profile) : null;
    const result = runPrechecks(
      profile,
      {
        today: new Date().toISOString().slice(0, 10),
        duplicateUscc: uscc ? await this.profiles.usccUsedElsewhere(input.merchantId, uscc) : false,
        duplicateDocuments: await this.documents.typesUsedElsewhere(input.merchantId, docs),
        registry,
        screeningHits: await screenProfile(this.screening, profile),
      },
      this.config.mcc,
      { maxBytes: this.config.documents.maxBytes, mediaTypes: ['application/pdf', 'image/jpeg', 'image/png'] },
    );
    return { ...result, registry };
  }

  /**
   * The registry's record, with the time it was asked. An outage is a retryable failure (the
   * activity's retry policy asks again) until REGISTRY_MAX_ATTEMPTS, then a non-retryable one: the
   * workflow puts the application on an operations hold, never passes it unchecked.
   */
  private async askRegistry(uscc: string, profile: ApplicationProfile): Promise<RegistryRecord> {
    try {
      const answer = await this.registry.lookUp(uscc, {
        legalName: profile.business?.legalName,
        legalRepresentative: profile.legalRepresentative?.name,
      });
      return { uscc, ...answer, checkedAt: new Date().toISOString() };
    } catch (err) {
      if (!(err instanceof RegistryUnavailableError)) throw err;
      const { attempt } = Context.current().info;
      const max = this.config.registry.maxAttempts;
      const message = `${err.message} (attempt ${attempt} of ${max})`;
      if (attempt >= max) throw ApplicationFailure.nonRetryable(message, REGISTRY_UNAVAILABLE);
      throw ApplicationFailure.retryable(message, REGISTRY_UNAVAILABLE);
    }
  }
}
