import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../api/client';
import { useAction } from '../application/useAction';
import { ActionForm } from '../ui/ActionForm';

/** `accept_agreement`: the legal representative accepts the agreement's current version by name. */
export function AgreementForm({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const [signatory, setSignatory] = useState('');
  const accept = useAction('accept_agreement', application.id);
  return (
    <ActionForm
      action={accept}
      onSubmit={() => accept.mutate({ version: application.agreementVersion ?? '', signatory })}
      submitLabel={t('merchant.accept')}
      tone="primary"
      className="card"
    >
      <h2>{t('merchant.agreementTitle')}</h2>
      <p>{t('merchant.agreementHelp', { version: application.agreementVersion })}</p>
      <label>
        {t('merchant.signatory')}
        <input required value={signatory} onChange={(e) => setSignatory(e.target.value)} />
      </label>
    </ActionForm>
  );
}
