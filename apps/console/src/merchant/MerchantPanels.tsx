import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../api/client';
import { useReasonTexts } from '../application/reasons';
import { AgreementForm } from './AgreementForm';
import { BankVerificationForm } from './BankVerificationForm';
import { Credentials } from './Credentials';
import { CurrentlyDue } from './CurrentlyDue';
import { EditPanel } from './EditPanel';
import { WithdrawButton } from './WithdrawButton';

/** What the merchant does at each step: fill and submit, correct, verify the account, sign, go live. */
export function MerchantPanels({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const text = useReasonTexts();
  const status = application.status;
  const editing = status === 'draft' || status === 'changes_requested';
  return (
    <>
      {editing ? <CurrentlyDue application={application} /> : null}
      {editing ? (
        // A new round (or status) starts the form again from what is stored; uploads and saves
        // within a round keep what the merchant is typing.
        <EditPanel key={`${application.status}:${application.round}`} application={application} />
      ) : null}
      {status === 'bank_verification' ? <BankVerificationForm application={application} /> : null}
      {status === 'agreement_pending' ? <AgreementForm application={application} /> : null}
      {status === 'active' ? <Credentials application={application} /> : null}
      {status === 'on_hold' ? <p className="card">{t('merchant.onHold')}</p> : null}
      {status === 'rejected' && application.rejection ? (
        <section className="card callout">
          <h2>{t('merchant.rejected')}</h2>
          <p>
            <strong>{text(application.rejection.code)}</strong> {application.rejection.message}
          </p>
        </section>
      ) : null}
      {application.allowedActions.includes('withdraw') ? <WithdrawButton application={application} /> : null}
    </>
  );
}
