import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import type { PrecheckInput, PrecheckResult } from '@mo/contracts';
import { assessRisk, runProfileChecks } from '@mo/domain';
import { ProfileRepository } from '@mo/persistence';

/** Automated checks over the submitted profile revision; the rules themselves live in the domain. */
@Injectable()
export class PrecheckActivities {
  constructor(private readonly profiles: ProfileRepository) {}

  async runPrechecks(input: PrecheckInput): Promise<PrecheckResult> {
    const profile = await this.profiles.find(input.merchantId, input.applicationId, input.profileRevision);
    if (profile === null) {
      throw ApplicationFailure.nonRetryable(
        `Profile revision ${input.profileRevision} of application ${input.applicationId} is missing`,
        'PROFILE_MISSING',
      );
    }
    const findings = runProfileChecks(profile.data);
    return { findings, riskLevel: assessRisk(findings) };
  }
}
