import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../api/client';
import { useAction } from '../application/useAction';
import { ActionForm } from '../ui/ActionForm';

/** `cancel`: an admin ends the application, saying why. */
export function CancelForm({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const cancel = useAction('cancel', application.id);
  return (
    <ActionForm
      action={cancel}
      onSubmit={() => cancel.mutate({ reason: reason.trim() })}
      submitLabel={t('admin.cancel')}
      tone="danger"
      className="card inline"
    >
      <label>
        {t('admin.cancelReason')}
        <input required value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
    </ActionForm>
  );
}
