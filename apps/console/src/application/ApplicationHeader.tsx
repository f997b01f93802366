import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../api/client';
import { formatDateTime, shortId } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';

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
