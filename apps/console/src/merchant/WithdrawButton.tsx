import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../api/client';
import { useAction } from '../application/useAction';
import { ActionButton } from '../ui/ActionForm';

/** `withdraw`: the merchant gives up the application (any time before activation), once confirmed. */
export function WithdrawButton({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const withdraw = useAction('withdraw', application.id);
  return (
    <div className="withdraw">
      <ActionButton
        action={withdraw}
        tone="danger"
        label={t('merchant.withdraw')}
        onClick={() => {
          if (window.confirm(t('merchant.withdrawConfirm'))) withdraw.mutate({});
        }}
      />
    </div>
  );
}
