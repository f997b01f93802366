import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, unwrap } from '../api/client';
import { ProblemAlert } from '../ui/ProblemAlert';
import { formatSeconds } from '../ui/format';

const DAYS = [7, 30, 90] as const;

/** A decision's share of all decisions (approve, request changes, reject) in the window. */
function rate(n: number, totals: { approved: number; changesRequested: number; rejected: number }): string {
  const all = totals.approved + totals.changesRequested + totals.rejected;
  return all === 0 ? '—' : `${Math.round((n / all) * 100)}%`;
}

/** Review metrics from GET /v1/admin/metrics, facts of the read model (the same ones /metrics exports). */
export function Dashboard(): ReactNode {
  const { t } = useTranslation();
  const [days, setDays] = useState<(typeof DAYS)[number]>(30);
  const metrics = useQuery({
    queryKey: ['admin-metrics', days],
    queryFn: async () => unwrap(await api.GET('/v1/admin/metrics', { params: { query: { days } } })),
    refetchInterval: 60_000,
  });
  const m = metrics.data;
  return (
    <section aria-busy={metrics.isPending}>
      <ProblemAlert error={metrics.error} />
      {m ? (
        <>
          <div className="stats">
            <div className="card">
              <div className="muted">{t('admin.queueDepth')}</div>
              <div className="stat" data-testid="queue-depth">
                {m.queue.depth}
              </div>
            </div>
            <div className="card">
              <div className="muted">{t('admin.slaBreaches')}</div>
              <div className={`stat${m.queue.slaBreached > 0 ? ' overdue' : ''}`}>{m.queue.slaBreached}</div>
            </div>
            <div className="card">
              <div className="muted">{t('admin.escalated')}</div>
              <div className="stat">{m.queue.escalated}</div>
            </div>
            <div className="card">
              <div className="muted">{t('admin.toFirstDecision')}</div>
              <div>
                {t('admin.p50')} <strong>{formatSeconds(m.durations.submissionToFirstDecision.p50Seconds)}</strong> ·{' '}
                {t('admin.p90')} <strong>{formatSeconds(m.durations.submissionToFirstDecision.p90Seconds)}</strong>
              </div>
            </div>
            <div className="card">
              <div className="muted">{t('admin.toActivation')}</div>
              <div>
                {t('admin.p50')} <strong>{formatSeconds(m.durations.submissionToActivation.p50Seconds)}</strong> ·{' '}
                {t('admin.p90')} <strong>{formatSeconds(m.durations.submissionToActivation.p90Seconds)}</strong>
              </div>
            </div>
          </div>
          <div className="stats">
            {(['approved', 'changesRequested', 'rejected'] as const).map((k) => (
              <div className="card" key={k}>
                <div className="muted">{t(`admin.${k}`)}</div>
                <div className="stat" data-testid={`rate-${k}`}>
                  {rate(m.totals[k], m.totals)}
                </div>
                <div className="muted">
                  {m.totals[k]} · {t('admin.days', { days: m.window.days })}
                </div>
              </div>
            ))}
          </div>
          <div className="page-head">
            <h2>{t('admin.rates')}</h2>
            <label>
              <span className="visually-hidden">{t('admin.days', { days })}</span>
              <select value={days} onChange={(e) => setDays(Number(e.target.value) as (typeof DAYS)[number])}>
                {DAYS.map((d) => (
                  <option key={d} value={d}>
                    {t('admin.days', { days: d })}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <figure className="card chart" aria-label={t('admin.rates')}>
            <ResponsiveContainer width="100%" height="100%">
              {/* Each day's decisions as shares of that day's decisions: the rates over time. */}
              <BarChart data={m.daily} stackOffset="expand">
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="date" fontSize={12} />
                <YAxis fontSize={12} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
                <Tooltip />
                <Legend />
                <Bar dataKey="approved" name={t('admin.approved')} stackId="d" fill="#1d6b35" />
                <Bar dataKey="changesRequested" name={t('admin.changesRequested')} stackId="d" fill="#c98a00" />
                <Bar dataKey="rejected" name={t('admin.rejected')} stackId="d" fill="#b3261e" />
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <figure className="card chart" aria-label={`${t('admin.submitted')} / ${t('admin.activated')}`}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={m.daily}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="date" fontSize={12} />
                <YAxis allowDecimals={false} fontSize={12} />
                <Tooltip />
                <Legend />
                <Bar dataKey="submitted" name={t('admin.submitted')} fill="#0b5cad" />
                <Bar dataKey="activated" name={t('admin.activated')} fill="#5b3fa8" />
              </BarChart>
            </ResponsiveContainer>
          </figure>
        </>
      ) : null}
    </section>
  );
}
