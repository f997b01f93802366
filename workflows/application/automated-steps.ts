/**
 * The steps the engine runs itself — prechecks, the micro-deposit and its check, activation — as
 * activity calls whose results become domain commands. No failure ends an application: the domain
 * decides what follows (back to the merchant with feedback, or an operations hold an admin retries).
 */
import { log } from '@temporalio/workflow';
import {
  ACTIVATION_STEPS,
  SYSTEM_ACTOR,
  type ActivationStep,
  type ApplicationState,
  type automationFor,
  type OperationStep,
} from '@mo/domain';
import { ACTIONS, microDepositCommand, type ApplicationRef, type MicroDepositInput } from '@mo/contracts';
import { activities, failureOf, operationFailures } from './activities';
import type { Application } from './application';

export type Automation = NonNullable<ReturnType<typeof automationFor>>;

export class AutomatedSteps {
  constructor(private readonly app: Application) {}

  /** Runs what the state asks the engine to do next. */
  async run(automation: Automation): Promise<void> {
    const app = this.app;
    const ref = { applicationId: app.state.applicationId, merchantId: app.state.merchantId };
    switch (automation) {
      case 'prechecks': {
        const result = await this.step('prechecks', () =>
          activities.runPrechecks({ ...ref, profileRevision: app.state.profileRevision }),
        );
        if (result !== undefined)
          await app.applyIfStillLegal({ type: 'complete_prechecks', actor: SYSTEM_ACTOR, ...result });
        return;
      }
      case 'send_micro_deposit': {
        const sent = await this.step('send_micro_deposit', () =>
          activities.sendMicroDeposit({ ...ref, profileRevision: app.state.profileRevision, round: app.state.round }),
        );
        if (sent !== undefined) {
          await app.applyIfStillLegal({
            type: 'record_micro_deposit_sent',
            actor: SYSTEM_ACTOR,
            transferId: sent.transferId,
          });
        }
        return;
      }
      case 'activation': {
        for (const activationStep of ACTIVATION_STEPS) {
          if (app.state.activation[activationStep] !== undefined) continue;
          const ref_ = await this.step('activation', () => this.activate(activationStep, ref));
          if (ref_ === undefined) return;
          // A write refused for its data may have put it on hold meanwhile; a retry resumes from here.
          if (app.state.status !== 'activating') return;
          await app.apply({ type: 'record_activation_step', actor: SYSTEM_ACTOR, step: activationStep, ref: ref_ });
        }
        if (app.state.status !== 'activating') return;
        await app.apply({ type: 'complete_activation', actor: SYSTEM_ACTOR });
        return;
      }
    }
  }

  /**
   * The confirmMicroDeposit Update's handler: the amount is checked against the bank's record by an
   * activity, and the domain sees only the result.
   */
  async confirmMicroDeposit({ actor, amount }: MicroDepositInput): Promise<ApplicationState> {
    const app = this.app;
    app.attempt(ACTIONS.confirmMicroDeposit.toCommand({ actor, amount }));
    const checked = await this.step('verify_micro_deposit', () =>
      activities.verifyMicroDeposit({
        applicationId: app.state.applicationId,
        transferId: app.state.microDeposit?.transferId ?? '',
        amount,
      }),
    );
    // The check itself failed: the application is on hold now and the attempt is not counted.
    if (checked === undefined) return app.state;
    return app.apply(microDepositCommand({ actor }, checked.matched));
  }

  /**
   * Runs an automated step. If its activity fails for good, the domain decides what follows (back to
   * the merchant with feedback, or an operations hold an admin can retry): no failure ends an
   * application. Returns undefined when the step failed.
   */
  private async step<T>(name: OperationStep, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (err) {
      const failure = failureOf(err);
      if (failure === null) throw err;
      operationFailures.add(1, { step: name, failure: failure.type });
      log.warn('automated step failed for good', { step: name, failure: failure.type });
      await this.app.applyIfStillLegal({ type: 'operation_failed', actor: SYSTEM_ACTOR, step: name, failure });
      return undefined;
    }
  }

  private async activate(step: ActivationStep, ref: ApplicationRef): Promise<string> {
    const app = this.app;
    switch (step) {
      case 'wallet':
        return (await activities.createWalletAccount(ref)).walletAccountId;
      case 'capabilities':
        return (await activities.enableCapabilities({ ...ref, capabilities: app.state.requestedCapabilities })).enabled;
      case 'credentials':
        return (await activities.issueApiCredentials(ref)).credentialId;
      case 'fee_plan':
        return (await activities.assignFeePlan(ref)).feePlan;
    }
  }
}
