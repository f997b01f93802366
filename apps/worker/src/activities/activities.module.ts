import { Module } from '@nestjs/common';
import type { ApplicationActivities, WebhookActivities as WebhookActivityInterface } from '@mo/contracts';
import { HOST_RESOLVER, SystemHostResolver } from '@mo/egress';
import { ActivationActivities } from './activation.activities';
import { BankVerificationActivities } from './bank-verification.activities';
import { BusinessRegistry, SimulatedBusinessRegistry } from './business-registry';
import { PayoutGateway, SimulatedBankPayoutGateway } from './payout-gateway';
import { PrecheckActivities } from './precheck.activities';
import { RecordingActivities } from './recording.activities';
import { WebhookActivities, WebhookDispatcher } from './webhook.activities';
import { ScreeningModule } from '../screening/screening.module';

export const ACTIVITIES = Symbol('ACTIVITIES');

/**
 * Binds the Nest providers to the activity interface the workflow proxies. The type annotation makes
 * a missing or misspelled activity a compile error.
 */
@Module({
  imports: [ScreeningModule],
  providers: [
    RecordingActivities,
    PrecheckActivities,
    BankVerificationActivities,
    ActivationActivities,
    WebhookActivities,
    WebhookDispatcher,
    { provide: HOST_RESOLVER, useClass: SystemHostResolver },
    { provide: PayoutGateway, useClass: SimulatedBankPayoutGateway },
    { provide: BusinessRegistry, useClass: SimulatedBusinessRegistry },
    {
      provide: ACTIVITIES,
      inject: [
        RecordingActivities,
        PrecheckActivities,
        BankVerificationActivities,
        ActivationActivities,
        WebhookActivities,
      ],
      useFactory: (
        recording: RecordingActivities,
        prechecks: PrecheckActivities,
        bank: BankVerificationActivities,
        activation: ActivationActivities,
        webhooks: WebhookActivities,
      ): ApplicationActivities & WebhookActivityInterface => ({
        recordTransition: (input) => recording.recordTransition(input),
        runPrechecks: (input) => prechecks.runPrechecks(input),
        sendMicroDeposit: (input) => bank.sendMicroDeposit(input),
        verifyMicroDeposit: (input) => bank.verifyMicroDeposit(input),
        createWalletAccount: (input) => activation.createWalletAccount(input),
        enableCapabilities: (input) => activation.enableCapabilities(input),
        issueApiCredentials: (input) => activation.issueApiCredentials(input),
        assignFeePlan: (input) => activation.assignFeePlan(input),
        webhookTargets: (input) => webhooks.webhookTargets(input),
        deliverWebhook: (input) => webhooks.deliverWebhook(input),
      }),
    },
  ],
  exports: [ACTIVITIES],
})
export class ActivitiesModule {}
