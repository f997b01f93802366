import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, onApplication, unwrap, type Application } from '../api/client';
import { ActionButton } from '../ui/ActionForm';

/** The live wallet's API credentials, issued on request; the secret is shown this once. */
export function Credentials({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  // Not an allowedActions entry (it changes no state): its own route, not the action table's.
  const reveal = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/applications/{id}/credentials', onApplication(application.id))),
  });
  return (
    <section className="card">
      <h2>{t('merchant.activeTitle')}</h2>
      {reveal.data ? (
        <div className="secret" role="status">
          <p>{t('merchant.credentialsOnce')}</p>
          <dl>
            <dt>{t('merchant.keyId')}</dt>
            <dd>
              <code>{reveal.data.keyId}</code>
            </dd>
            <dt>{t('merchant.secret')}</dt>
            <dd>
              <code data-testid="secret">{reveal.data.secret}</code>
            </dd>
          </dl>
        </div>
      ) : (
        <ActionButton action={reveal} onClick={() => reveal.mutate()} label={t('merchant.credentials')} />
      )}
    </section>
  );
}
