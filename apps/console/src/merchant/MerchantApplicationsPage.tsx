import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { formatDateTime, shortId } from '../ui/format';
import { ProblemAlert } from '../ui/ProblemAlert';
import { StatusBadge } from '../ui/StatusBadge';

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
