import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../api/client';
import { useEvents } from '../application/Timeline';
import { useAction } from '../application/useAction';
import { ActionForm } from '../ui/ActionForm';

/** `confirm_micro_deposit`: the merchant types the small amount the settlement account received. */
export function BankVerificationForm({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const [amount, setAmount] = useState('');
  // The domain says how many attempts remain each time one fails (the event's attemptsLeft).
  const events = useEvents(application.id, application.version);
  const failed = events.data?.events.filter((e) => e.type === 'micro_deposit_confirmation_failed').at(-1);
  const attemptsLeft = typeof failed?.data.attemptsLeft === 'number' ? failed.data.attemptsLeft : null;
  const verify = useAction('confirm_micro_deposit', application.id, { onDone: () => setAmount('') });
  return (
    <ActionForm
      action={verify}
      onSubmit={() => verify.mutate({ amount })}
      submitLabel={t('merchant.verify')}
      tone="primary"
      className="card"
    >
      <h2>{t('merchant.bankTitle')}</h2>
      <p>{t('merchant.bankHelp')}</p>
      {attemptsLeft !== null ? (
        <p data-testid="attempts" role="status">
          {t('merchant.attemptsLeft', { count: attemptsLeft })}
        </p>
      ) : null}
      <label>
        {t('merchant.amount')}
        <input
          inputMode="decimal"
          required
          pattern="0\.\d{2}"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </label>
    </ActionForm>
  );
}
