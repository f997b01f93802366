import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { formatDateTime } from '../ui/format';
import { ProblemAlert } from '../ui/ProblemAlert';

export function useEvents(id: string, version: number | undefined) {
  return useQuery({
    queryKey: ['events', id, version],
    queryFn: async () => unwrap(await api.GET('/v1/applications/{id}/events', { params: { path: { id } } })),
    enabled: version !== undefined,
  });
}

/** The application's story in seq order; staff see internal notes and who acted, merchants do not. */
export function Timeline({ id, version }: { id: string; version: number | undefined }): ReactNode {
  const { t } = useTranslation();
  const events = useEvents(id, version);
  return (
    <section>
      <h2>{t('timeline.title')}</h2>
      <ProblemAlert error={events.error} />
      <ol className="timeline">
        {events.data?.events.map((e) => {
          // Staff only: the API leaves internal notes out of a merchant's timeline.
          const note = typeof e.data.internalNote === 'string' ? e.data.internalNote : null;
          return (
            <li key={e.seq} data-event={e.type}>
              <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              <span className="event">{t(`events.${e.type}`, { defaultValue: e.type })}</span>
              <span className="muted">
                {' '}
                {t('timeline.by', {
                  actor: e.actor.id
                    ? `${e.actor.id} (${t(`roles.${e.actor.role}`, { defaultValue: e.actor.role })})`
                    : t(`roles.${e.actor.role}`, { defaultValue: e.actor.role }),
                })}
              </span>
              {note ? (
                <blockquote className="note">
                  <span className="badge badge-neutral">{t('timeline.internal')}</span> {note}
                </blockquote>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
