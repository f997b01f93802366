import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, idempotencyKey, unwrap } from '../api/client';
import { ProblemAlert } from '../components/Problem';
import { hasProblems, patchOf, ProfileForm, valuesOf, type Values } from '../components/ProfileForm';
import { StatusBadge } from '../components/StatusBadge';
import { formatDateTime, shortId } from '../format';

export function MerchantApplications(): ReactNode {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['applications'],
    queryFn: async () => unwrap(await api.GET('/v1/applications', { params: { query: { limit: 200 } } })),
  });
  return (
    <section>
      <div className="page-head">
        <h1>{t('merchant.applications')}</h1>
        <Link className="button primary" to="/applications/new">
          {t('merchant.newApplication')}
        </Link>
      </div>
      <ProblemAlert error={list.error} />
      {list.data && list.data.items.length === 0 ? <p>{t('merchant.none')}</p> : null}
      <ul className="cards">
        {list.data?.items.map((a) => {
          const name = (a.profile as { business?: { legalName?: string } } | undefined)?.business?.legalName;
          return (
            <li key={a.id} className="card">
              <Link to={`/applications/${a.id}`}>{name ?? shortId(a.id)}</Link> <StatusBadge status={a.status} />
              <div className="muted">
                {a.currentlyDue.length > 0 ? `${t('merchant.currentlyDue')}: ${a.currentlyDue.length} · ` : ''}
                {a.deadline
                  ? `${t(`deadline.${a.deadline.kind}`)} ${formatDateTime(a.deadline.at)}`
                  : formatDateTime(a.updatedAt)}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function NewApplication(): ReactNode {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const initial = valuesOf({});
  const [values, setValues] = useState<Values>(initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const create = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const application = unwrap(
        await api.POST('/v1/applications', { body: patchOf(initial, values), params: { header: idempotencyKey() } }),
      );
      void navigate(`/applications/${application.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h1>{t('merchant.newApplication')}</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <ProfileForm initial={initial} values={values} onChange={setValues} editable={() => true} />
        <ProblemAlert error={error} />
        <button type="submit" className="primary" disabled={busy || hasProblems(initial, values)}>
          {t('merchant.create')}
        </button>
      </form>
    </section>
  );
}
