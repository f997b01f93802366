import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../api/client';
import { useAction } from '../application/useAction';
import { ActionButton } from '../ui/ActionForm';
import { formatDuration } from '../ui/format';

/** `claim`: the reviewer takes the application (one reviewer at a time). */
function ClaimButton({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const claim = useAction('claim', application.id);
  return <ActionButton action={claim} onClick={() => claim.mutate()} label={t('review.claim')} tone="primary" />;
}

/** `release`: the reviewer hands it back to the queue. */
function ReleaseButton({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const release = useAction('release', application.id);
  return <ActionButton action={release} onClick={() => release.mutate()} label={t('review.release')} />;
}

/** Who has the application, how long the review may still take, and claiming or releasing it. */
export function ClaimBar({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const allowed = new Set(application.allowedActions);
  const sla = application.deadline?.kind === 'review_sla' ? Date.parse(application.deadline.at) - Date.now() : null;
  return (
    <div className="card claim-bar">
      <span>
        {t('review.assignee')}:{' '}
        <strong data-testid="assignee">{application.assignee?.id ?? t('review.unclaimed')}</strong>
      </span>
      {application.escalated ? <span className="badge badge-danger">{t('review.escalatedBadge')}</span> : null}
      {sla !== null ? (
        <span className={sla < 0 ? 'overdue' : undefined}>
          {t('review.sla')}:{' '}
          {sla < 0
            ? t('review.slaOverdue', { time: formatDuration(sla) })
            : t('review.slaLeft', { time: formatDuration(sla) })}
        </span>
      ) : null}
      {allowed.has('claim') ? <ClaimButton application={application} /> : null}
      {allowed.has('release') && application.assignee ? <ReleaseButton application={application} /> : null}
    </div>
  );
}
