import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isStaff, useSession } from '../auth/session';
import { MerchantPanels } from '../merchant/MerchantPanels';
import { StaffPanels } from '../queue/StaffPanels';
import { ProblemAlert } from '../ui/ProblemAlert';
import { ApplicationHeader } from './ApplicationHeader';
import { Timeline } from './Timeline';
import { useApplication } from './useApplication';

/** One application: its header, what the signed-in person can do on it (merchant or staff), its story. */
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
        <StaffPanels application={application} />
      ) : (
        <MerchantPanels application={application} />
      )}
      <Timeline id={application.id} version={application.version} />
    </article>
  );
}
