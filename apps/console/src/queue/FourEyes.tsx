import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../api/client';
import { useEvents } from '../application/Timeline';
import { formatDateTime } from '../ui/format';

/** A high-risk application's second approval: who gave the first (it must be someone else). */
export function FourEyes({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const events = useEvents(application.id, application.version);
  if (application.status !== 'awaiting_second_approval') return null;
  const first = events.data?.events.filter((e) => e.type === 'first_approval_recorded').at(-1);
  return (
    <section className="card callout" data-testid="four-eyes">
      <p>{t('review.fourEyes')}</p>
      {first ? (
        <p>{t('review.firstApproval', { by: first.actor.id ?? first.actor.role, at: formatDateTime(first.at) })}</p>
      ) : null}
    </section>
  );
}
