import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { ProblemAlert } from '../ui/ProblemAlert';
import { formatDateTime, shortId } from '../ui/format';

// The charts library is most of the bundle and only admins need it: loaded with the dashboard.
const Dashboard = lazy(() => import('./Dashboard').then((m) => ({ default: m.Dashboard })));

function Holds(): ReactNode {
  const { t } = useTranslation();
  const holds = useQuery({ queryKey: ['holds'], queryFn: async () => unwrap(await api.GET('/v1/operations/holds')) });
  return (
    <section>
      <h2>{t('admin.holds')}</h2>
      <ProblemAlert error={holds.error} />
      {holds.data?.items.length === 0 ? <p>{t('admin.noHolds')}</p> : null}
      {holds.data && holds.data.items.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('review.application')}</th>
              <th scope="col">{t('admin.step')}</th>
              <th scope="col">{t('admin.since')}</th>
            </tr>
          </thead>
          <tbody>
            {holds.data.items.map((h) => (
              <tr key={h.id}>
                <td>
                  <Link to={`/applications/${h.id}`}>{shortId(h.id)}</Link>
                </td>
                <td>
                  <code>{h.hold?.step}</code> {h.hold?.failure?.message}
                </td>
                <td>{formatDateTime(h.hold?.since)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

export function AdminPage(): ReactNode {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('admin.dashboard')}</h1>
      <Suspense fallback={<p aria-busy="true">{t('app.loading')}</p>}>
        <Dashboard />
      </Suspense>
      <Holds />
    </section>
  );
}
