import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isCoveredBy } from '@domain/profile';
import type { Application } from '../api/client';
import { ProblemAlert } from '../components/Problem';
import { StatusBadge } from '../components/StatusBadge';
import { Timeline } from '../components/Timeline';
import { formatDateTime, shortId } from '../format';
import { useApplication } from '../hooks';
import { isStaff, useSession } from '../session';
import { MerchantPanels } from './MerchantPanels';
import { StaffPanels } from './StaffPanels';

export function ApplicationHeader({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const name = (application.profile as { business?: { legalName?: string } } | undefined)?.business?.legalName;
  return (
    <div className="page-head">
      <h1>
        {name ?? shortId(application.id)} <StatusBadge status={application.status} />
      </h1>
      <dl className="facts">
        <div>
          <dt>ID</dt>
          <dd>
            <code>{application.id}</code>
          </dd>
        </div>
        {application.round > 0 ? (
          <div>
            <dt>{t('merchant.round', { round: application.round })}</dt>
            <dd>{formatDateTime(application.submittedAt)}</dd>
          </div>
        ) : null}
        {application.deadline ? (
          <div>
            <dt>{t(`deadline.${application.deadline.kind}`)}</dt>
            <dd>
              <time dateTime={application.deadline.at}>{formatDateTime(application.deadline.at)}</time>
            </dd>
          </div>
        ) : null}
      </dl>
    </div>
  );
}

/** Feedback targets → the reason shown next to each field or document. */
export function feedbackFor(application: Application) {
  const targets = application.feedback.map((f) => f.target);
  return {
    targets,
    open: (path: string): boolean => application.status === 'changes_requested' && isCoveredBy(path, targets),
    reasonsAt: (target: string) => application.feedback.filter((f) => f.target === target),
  };
}

export function ApplicationPage(): ReactNode {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { session } = useSession();
  const query = useApplication(id);
  if (query.isPending) return <p aria-busy="true">{t('app.loading')}</p>;
  if (query.error) {
    return (
      <>
        <ProblemAlert error={query.error} />
        <button type="button" onClick={() => void query.refetch()}>
          {t('app.retry')}
        </button>
      </>
    );
  }
  const application = query.data;
  return (
    <article>
      <ApplicationHeader application={application} />
      {session && isStaff(session.role) ? (
        <StaffPanels application={application} role={session.role} subject={session.subject} />
      ) : (
        <MerchantPanels application={application} />
      )}
      <Timeline id={application.id} version={application.version} />
    </article>
  );
}
