import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, idempotencyKey, unwrap } from '../api/client';
import { ActionForm } from '../ui/ActionForm';
import { ProblemAlert } from '../ui/ProblemAlert';
import { formatDateTime } from '../ui/format';

export function WebhooksPage(): ReactNode {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [url, setUrl] = useState('');
  const list = useQuery({
    queryKey: ['webhooks'],
    queryFn: async () => unwrap(await api.GET('/v1/webhook-endpoints')),
  });
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/v1/webhook-endpoints', { body: { url: url.trim() }, params: { header: idempotencyKey() } }),
      ),
    onSuccess: () => {
      setUrl('');
      void client.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  const remove = useMutation({
    mutationFn: async (id: string) => {
      const result = await api.DELETE('/v1/webhook-endpoints/{id}', { params: { path: { id } } });
      if (!result.response.ok) unwrap(result);
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: ['webhooks'] }),
  });
  return (
    <section>
      <h1>{t('merchant.webhooks')}</h1>
      <ActionForm
        action={create}
        onSubmit={() => create.mutate()}
        submitLabel={t('merchant.addWebhook')}
        tone="primary"
        className="card inline"
      >
        <label>
          {t('merchant.webhookUrl')}
          <input type="url" required pattern="https://.*" value={url} onChange={(e) => setUrl(e.target.value)} />
        </label>
      </ActionForm>
      <ProblemAlert error={remove.error ?? list.error} />
      {create.data ? (
        <div className="secret" role="status">
          <p>{t('merchant.webhookSecret')}</p>
          <code data-testid="webhook-secret">{create.data.secret}</code>
        </div>
      ) : null}
      {list.data?.items.length === 0 ? <p>{t('merchant.noWebhooks')}</p> : null}
      <ul className="cards">
        {list.data?.items.map((e) => (
          <li key={e.id} className="card">
            <code>{e.url}</code> <span className="muted">{formatDateTime(e.createdAt)}</span>{' '}
            <button type="button" className="link danger" onClick={() => remove.mutate(e.id)}>
              {t('merchant.removeWebhook')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
