import { Injectable, Logger } from '@nestjs/common';
import type { ActivationInput, WalletAccountResult } from '@mo/contracts';
import { WalletAccountRepository } from '@mo/persistence';

/** Activation effects, each keyed by application id so a retry or a crash never duplicates one. */
@Injectable()
export class ActivationActivities {
  private readonly logger = new Logger(ActivationActivities.name);

  constructor(private readonly wallets: WalletAccountRepository) {}

  async createWalletAccount(input: ActivationInput): Promise<WalletAccountResult> {
    const result = await this.wallets.createOnce(input.merchantId, input.applicationId);
    this.logger.log(
      `wallet ${result.walletAccountId} for application ${input.applicationId} (${result.created ? 'created' : 'already existed'})`,
    );
    return result;
  }
}
