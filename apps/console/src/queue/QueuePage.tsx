import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { formatDateTime, shortId } from '../ui/format';
import { ProblemAlert } from '../ui/ProblemAlert';
import { StatusBadge } from '../ui/StatusBadge';
import { Sla } from './Sla';
import { useQueueFilters } from './useQueueFilters';

/** The reviewer's queue: filter it, see the SLA of each application, open one to work on it. */
export function QueuePage(): ReactNode {
  const { t } = useTranslation();
  const [filters, setFilter] = useQueueFilters();
  const [params] = useSearchParams();
  const queue = useInfiniteQuery({
    queryKey: ['queue', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/v1/review/queue', {
          params: { query: { ...filters, ...(pageParam ? { after: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 30_000,
  });
  const items = queue.data?.pages.flatMap((p) => p.items) ?? [];
  const select = (name: string, options: readonly string[], label: (o: string) => string): ReactNode => (
    <label>
      {t(`review.${name}`)}
      <select value={params.get(name) ?? ''} onChange={(e) => setFilter({ [name]: e.target.value })}>
        <option value="">{t('review.any')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {label(o)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section>
      <div className="page-head">
        <h1>{t('review.queue')}</h1>
        <button type="button" onClick={() => void queue.refetch()} disabled={queue.isFetching}>
          {t('app.refresh')}
        </button>
      </div>
      <form className="filters card" aria-label={t('review.filters')} onSubmit={(e) => e.preventDefault()}>
        {select('status', ['in_review', 'awaiting_second_approval'], (o) => t(`status.${o}`))}
        {select('risk', ['low', 'medium', 'high'], (o) => t(`review.risk_${o}`))}
        <label>
          {t('review.claimed')}
          <select value={params.get('claimed') ?? ''} onChange={(e) => setFilter({ claimed: e.target.value })}>
            <option value="">{t('review.claimedAny')}</option>
            <option value="true">{t('review.claimedYes')}</option>
            <option value="false">{t('review.claimedNo')}</option>
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={params.get('escalated') === 'true'}
            onChange={(e) => setFilter({ escalated: e.target.checked ? 'true' : '' })}
          />
          {t('review.escalated')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={params.get('assignee') === 'me'}
            onChange={(e) => setFilter({ assignee: e.target.checked ? 'me' : '' })}
          />
          {t('review.mine')}
        </label>
        <label>
          {t('review.submittedAfter')}
          <input
            type="date"
            value={params.get('submittedAfter') ?? ''}
            onChange={(e) => setFilter({ submittedAfter: e.target.value })}
          />
        </label>
        <label>
          {t('review.submittedBefore')}
          <input
            type="date"
            value={params.get('submittedBefore') ?? ''}
            onChange={(e) => setFilter({ submittedBefore: e.target.value })}
          />
        </label>
      </form>
      <ProblemAlert error={queue.error} />
      {queue.isSuccess && items.length === 0 ? <p>{t('review.empty')}</p> : null}
      {items.length > 0 ? (
        <table className="queue">
          <thead>
            <tr>
              <th scope="col">{t('review.application')}</th>
              <th scope="col">{t('review.status')}</th>
              <th scope="col">{t('review.risk')}</th>
              <th scope="col">{t('review.submitted')}</th>
              <th scope="col">{t('review.sla')}</th>
              <th scope="col">{t('review.assignee')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-application={item.id}>
                <td>
                  <Link to={`/applications/${item.id}`}>{shortId(item.id)}</Link>
                  {item.round > 1 ? (
                    <span className="muted"> · {t('merchant.round', { round: item.round })}</span>
                  ) : null}
                </td>
                <td>
                  <StatusBadge status={item.status} />
                  {item.escalated ? <span className="badge badge-danger">{t('review.escalatedBadge')}</span> : null}
                </td>
                <td>
                  {item.riskLevel ? (
                    <span className={`badge risk-${item.riskLevel}`}>{t(`review.risk_${item.riskLevel}`)}</span>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{formatDateTime(item.submittedAt)}</td>
                <td>
                  <Sla item={item} />
                </td>
                <td>{item.assigneeId ?? <span className="muted">{t('review.unclaimed')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {queue.hasNextPage ? (
        <button type="button" onClick={() => void queue.fetchNextPage()} disabled={queue.isFetchingNextPage}>
          {t('review.more')}
        </button>
      ) : null}
    </section>
  );
}
