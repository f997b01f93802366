import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../api/client';
import { useTargetLabel } from './labels';

/** The prechecks' findings and the risk level they add up to. */
export function Risk({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const label = useTargetLabel();
  if (!application.risk) return null;
  return (
    <section className="card">
      <h2>
        {t('review.findings')}{' '}
        <span className={`badge risk-${application.risk.level}`}>{t(`review.risk_${application.risk.level}`)}</span>
      </h2>
      {application.risk.findings.length === 0 ? <p>{t('review.noFindings')}</p> : null}
      <ul>
        {application.risk.findings.map((f, i) => (
          <li key={`${f.code}:${i}`} data-finding={f.code}>
            <span className={`badge severity-${f.severity}`}>{f.severity}</span> <code>{f.code}</code> {f.message}
            {f.target ? <span className="muted"> · {label(f.target)}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
