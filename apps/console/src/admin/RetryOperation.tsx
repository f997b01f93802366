import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../api/client';
import { useAction } from '../application/useAction';
import { ActionButton } from '../ui/ActionForm';

/** `retry_operation`: an application held for operations runs its failed step again. */
export function RetryOperation({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const retry = useAction('retry_operation', application.id);
  return (
    <section className="card">
      {application.hold ? (
        <p>
          {t('admin.step')}: <code>{application.hold.step}</code> · {application.hold.failure?.message}
        </p>
      ) : null}
      <ActionButton action={retry} onClick={() => retry.mutate()} label={t('admin.retry')} />
    </section>
  );
}
