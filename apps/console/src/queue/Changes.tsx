import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../api/client';
import { show, useTargetLabel } from './labels';

/** What the merchant changed since the last review, before and after. */
export function Changes({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const label = useTargetLabel();
  const changes = application.changes ?? [];
  if (changes.length === 0) return null;
  return (
    <section className="card callout">
      <h2>{t('review.changes')}</h2>
      <table className="diff">
        <thead>
          <tr>
            <th scope="col">{t('review.target')}</th>
            <th scope="col">{t('review.before')}</th>
            <th scope="col">{t('review.after')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.field}>
              <th scope="row">{label(c.field)}</th>
              <td>
                <del>{show(c.before)}</del>
              </td>
              <td>
                <ins>{show(c.after)}</ins>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
