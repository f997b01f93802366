import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import type { PrecheckActivityResult, PrecheckInput } from '@mo/contracts';
import { isDocumentKey, runPrechecks, type ApplicationProfile } from '@mo/domain';
import { DocumentRepository, ProfileRepository } from '@mo/persistence';

/** Gathers the facts the prechecks need (profile, duplicates); the rules themselves are in the domain. */
@Injectable()
export class PrecheckActivities {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly profiles: ProfileRepository,
    private readonly documents: DocumentRepository,
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
    const result = runPrechecks(
      profile,
      {
        today: new Date().toISOString().slice(0, 10),
        duplicateUscc: uscc ? await this.profiles.usccUsedElsewhere(input.merchantId, uscc) : false,
        duplicateDocuments: await this.documents.typesUsedElsewhere(input.merchantId, docs),
      },
      this.config.mcc,
      { maxBytes: this.config.documents.maxBytes, mediaTypes: ['application/pdf', 'image/jpeg', 'image/png'] },
    );
    return result;
  }
}
