import { Injectable, Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import type { MicroDepositCheck, MicroDepositRequest } from '@mo/contracts';
import type { ApplicationProfile } from '@mo/domain';
import { ProfileRepository } from '@mo/persistence';
import { PayoutGateway } from './payout-gateway';

/** "0.37", "0,37", ".37" → 37 cents; anything else is not an amount. */
export function parseCents(amount: string): number | null {
  const match = /^\s*0?[.,](\d{2})\s*$/.exec(amount);
  return match ? Number(match[1]) : null;
}

/** Micro-deposit verification. The amount is never logged nor returned: only whether it matched. */
@Injectable()
export class BankVerificationActivities {
  private readonly logger = new Logger(BankVerificationActivities.name);

  constructor(
    private readonly gateway: PayoutGateway,
    private readonly profiles: ProfileRepository,
  ) {}

  async sendMicroDeposit(input: MicroDepositRequest): Promise<{ transferId: string }> {
    const row = await this.profiles.find(input.merchantId, input.applicationId, input.profileRevision);
    const bank = (row?.data as ApplicationProfile | undefined)?.bankAccount;
    if (!bank?.accountNumber || !bank.holderName) {
      throw ApplicationFailure.nonRetryable('The settlement account is incomplete', 'BANK_ACCOUNT_INCOMPLETE');
    }
    const payout = await this.gateway.sendMicroDeposit({
      idempotencyKey: `micro-deposit:${input.applicationId}:round-${input.round}`,
      applicationId: input.applicationId,
      merchantId: input.merchantId,
      accountNumber: bank.accountNumber,
      holderName: bank.holderName,
    });
    this.logger.log(`micro-deposit ${payout.transferId} sent for application ${input.applicationId}`);
    return { transferId: payout.transferId };
  }

  async verifyMicroDeposit(input: MicroDepositCheck): Promise<{ matched: boolean }> {
    const transfer = await this.gateway.findTransfer(input.applicationId, input.transferId);
    const cents = parseCents(input.amount);
    return { matched: transfer !== null && cents !== null && cents === transfer.amountCents };
  }
}
