import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../api/client';
import { formatDateTime } from '../ui/format';

/** Which findings say the profile differs from the registry (the prechecks decide it; the console only shows it). */
const MISMATCH_FINDINGS = {
  legalName: 'REGISTRY_NAME_MISMATCH',
  legalRepresentative: 'REGISTRY_LEGAL_REPRESENTATIVE_MISMATCH',
} as const;

/** What the business registry answered at the prechecks, beside the profile: the reviewer's evidence. */
export function RegistryRecord({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const record = application.registry;
  if (!record) return null;
  const findings = new Set((application.risk?.findings ?? []).map((f) => f.code));
  const operating = record.status === 'operating';
  const row = (field: 'legalName' | 'legalRepresentative'): ReactNode => {
    const mismatch = findings.has(MISMATCH_FINDINGS[field]);
    return (
      <div className={mismatch ? 'mismatch' : undefined} data-registry-field={field}>
        <dt>{t(`registry.${field}`)}</dt>
        <dd>
          {record[field] ?? '—'}
          {mismatch ? (
            <>
              {' '}
              <strong className="badge badge-warning">{t('registry.differs')}</strong>
            </>
          ) : null}
        </dd>
      </div>
    );
  };
  return (
    <section className="card" aria-labelledby="registry-heading">
      <h3 id="registry-heading">{t('registry.title')}</h3>
      <dl>
        <div>
          <dt>{t('registry.uscc')}</dt>
          <dd>{record.uscc}</dd>
        </div>
        <div className={operating ? undefined : 'mismatch'}>
          <dt>{t('registry.status')}</dt>
          <dd>
            <span className={`badge ${operating ? 'badge-success' : 'badge-danger'}`}>
              {t(`registry.status_${record.status}`)}
            </span>
          </dd>
        </div>
        {row('legalName')}
        {row('legalRepresentative')}
        <div>
          <dt>{t('registry.checkedAt')}</dt>
          <dd>{formatDateTime(record.checkedAt)}</dd>
        </div>
      </dl>
    </section>
  );
}
