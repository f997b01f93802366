import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';
import { formatDateTime, formatDuration } from '../ui/format';

/** The time left to the review SLA (or how long it is overdue), coloured as it nears. */
export function Sla({ item }: { item: Schemas['QueueItemView'] }): ReactNode {
  const { t } = useTranslation();
  if (!item.slaDueAt) return <>—</>;
  const left = Date.parse(item.slaDueAt) - Date.now();
  return (
    <span
      className={left < 0 ? 'overdue' : left < 4 * 3_600_000 ? 'soon' : undefined}
      title={formatDateTime(item.slaDueAt)}
    >
      {left < 0
        ? t('review.slaOverdue', { time: formatDuration(left) })
        : t('review.slaLeft', { time: formatDuration(left) })}
    </span>
  );
}
