/**
 * The bank side of micro-deposit verification, behind an interface shaped like a real payout API:
 * send with an idempotency key, look a transfer up by id. The platform does not own the bank, so
 * the default adapter is a simulated bank that keeps its ledger in PostgreSQL.
 */
import { createHash, randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PayoutRepository } from '@mo/persistence';

export interface PayoutRequest {
  readonly idempotencyKey: string;
  readonly applicationId: string;
  readonly merchantId: string;
  readonly accountNumber: string;
  readonly holderName: string;
}
export interface Payout {
  readonly transferId: string;
  readonly amountCents: number;
}

export abstract class PayoutGateway {
  /** Sends a random 0.01–0.99 transfer, once per idempotency key. */
  abstract sendMicroDeposit(request: PayoutRequest): Promise<Payout>;
  abstract findTransfer(applicationId: string, transferId: string): Promise<Payout | null>;
}

@Injectable()
export class SimulatedBankPayoutGateway extends PayoutGateway {
  constructor(private readonly ledger: PayoutRepository) {
    super();
  }

  async sendMicroDeposit(request: PayoutRequest): Promise<Payout> {
    const transfer = await this.ledger.recordOnce({
      idempotencyKey: request.idempotencyKey,
      applicationId: request.applicationId,
      merchantId: request.merchantId,
      // The bank only needs to know which account; we keep a fingerprint, not the number.
      accountFingerprint: createHash('sha256').update(`${request.accountNumber}\0${request.holderName}`).digest('hex'),
      amountCents: randomInt(1, 100),
    });
    return { transferId: transfer.id, amountCents: transfer.amountCents };
  }

  async findTransfer(applicationId: string, transferId: string): Promise<Payout | null> {
    const t = await this.ledger.find(applicationId, transferId);
    return t === null ? null : { transferId: t.id, amountCents: t.amountCents };
  }
}
