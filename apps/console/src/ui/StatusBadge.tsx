import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Status } from '../api/client';

const TONE: Record<Status, string> = {
  draft: 'neutral',
  prechecking: 'info',
  in_review: 'info',
  awaiting_second_approval: 'warning',
  changes_requested: 'warning',
  bank_verification: 'info',
  agreement_pending: 'info',
  activating: 'info',
  on_hold: 'warning',
  active: 'success',
  rejected: 'danger',
  withdrawn: 'neutral',
  canceled: 'neutral',
  expired: 'neutral',
};

export function StatusBadge({ status }: { status: Status }): ReactNode {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${TONE[status]}`} data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}
