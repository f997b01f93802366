import { Injectable, Logger } from '@nestjs/common';
import type { ApplicationRef } from '@mo/contracts';
import type { Capability } from '@mo/domain';
import { ActivationRepository, WalletAccountRepository } from '@mo/persistence';

export const DEFAULT_FEE_PLAN = 'standard-2026';

/** Activation effects, each keyed by application id so a retry or a crash never duplicates one. */
@Injectable()
export class ActivationActivities {
  private readonly logger = new Logger(ActivationActivities.name);

  constructor(
    private readonly wallets: WalletAccountRepository,
    private readonly activation: ActivationRepository,
  ) {}

  async createWalletAccount(input: ApplicationRef): Promise<{ walletAccountId: string }> {
    const result = await this.wallets.createOnce(input.merchantId, input.applicationId);
    this.logger.log(
      `wallet ${result.walletAccountId} for application ${input.applicationId} (${result.created ? 'created' : 'already existed'})`,
    );
    return { walletAccountId: result.walletAccountId };
  }

  async enableCapabilities(
    input: ApplicationRef & { capabilities: readonly Capability[] },
  ): Promise<{ enabled: string }> {
    const enabled = await this.activation.enableCapabilities(input.applicationId, input.capabilities);
    return { enabled: enabled.join(',') };
  }

  async issueApiCredentials(input: ApplicationRef): Promise<{ credentialId: string }> {
    return { credentialId: await this.activation.createCredential(input.merchantId, input.applicationId) };
  }

  async assignFeePlan(input: ApplicationRef): Promise<{ feePlan: string }> {
    return { feePlan: await this.activation.assignFeePlan(input.merchantId, input.applicationId, DEFAULT_FEE_PLAN) };
  }
}
