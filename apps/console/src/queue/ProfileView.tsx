import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_TYPES, OWNER_FIELDS, ownerDocumentKey, type BeneficialOwner } from '@domain/profile';
import type { Application } from '../api/client';
import { DocumentViewer } from '../application/Documents';
import { SECTIONS } from '../application/ProfileForm';
import { RegistryRecord } from '../application/RegistryRecord';
import { show, useTargetLabel } from './labels';

type Profile = Record<string, Record<string, unknown> | undefined> & {
  documents?: Record<string, { documentId: string; mediaType: string; size: number } | undefined>;
  capabilities?: string[];
  beneficialOwners?: BeneficialOwner[];
};

/** The profile as the reviewer reads it (unmasked) beside the registry's record, what changed marked, and the documents inline. */
export function ProfileView({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const profile = (application.profile ?? {}) as Profile;
  const changed = new Set((application.changes ?? []).map((c) => c.field));
  const [open, setOpen] = useState<string | null>(null);
  const label = useTargetLabel();
  const optionLabel = (value: unknown): string =>
    typeof value === 'string' ? t(`options.${value}`, { defaultValue: value }) : show(value);
  return (
    <section>
      <h2>{t('review.profile')}</h2>
      <div className="profile-view">
        <RegistryRecord application={application} />
        {SECTIONS.map(({ section, fields }) => (
          <div key={section} className="card">
            <h3>{t(`fields.${section}`)}</h3>
            <dl>
              {fields.map((f) => {
                const key = f.path.split('.')[1]!;
                return (
                  <div key={f.path} className={changed.has(f.path) ? 'changed' : undefined}>
                    <dt>{t(`fields.${f.path}`)}</dt>
                    <dd>
                      {typeof f.kind === 'object'
                        ? optionLabel(profile[section]?.[key])
                        : show(profile[section]?.[key])}
                    </dd>
                  </div>
                );
              })}
            </dl>
          </div>
        ))}
        <div className="card">
          <h3>{t('fields.capabilities')}</h3>
          <p className={changed.has('capabilities') ? 'changed' : undefined}>
            {(profile.capabilities ?? []).map((c) => t(`options.${c}`)).join(', ') || '—'}
          </p>
        </div>
        {(profile.beneficialOwners ?? []).map((o, i) => (
          <div key={o.id} className="card" data-owner={o.id}>
            <h3>
              {t('owners.owner', { n: i + 1 })} <small className="muted">{o.id}</small>
            </h3>
            <dl>
              {OWNER_FIELDS.map((f) => {
                const path = `beneficialOwners[${o.id}].${f}`;
                return (
                  <div key={f} className={changed.has(path) ? 'changed' : undefined}>
                    <dt>{t(`owners.${f}`)}</dt>
                    <dd>{f === 'idType' || f === 'control' ? optionLabel(o[f]) : show(o[f])}</dd>
                  </div>
                );
              })}
            </dl>
          </div>
        ))}
      </div>
      <h2>{t('documents.title')}</h2>
      <ul className="documents">
        {[...DOCUMENT_TYPES, ...(profile.beneficialOwners ?? []).map((o) => ownerDocumentKey(o.id))]
          .filter((d) => profile.documents?.[d])
          .map((d) => {
            const doc = profile.documents![d]!;
            return (
              <li key={d} className={`document${changed.has(`documents.${d}`) ? ' changed' : ''}`} data-document={d}>
                <div className="document-head">
                  <strong>{label(d)}</strong>
                  <span className="muted">
                    {doc.mediaType} · {Math.ceil(doc.size / 1024)} KB
                  </span>
                  <button
                    type="button"
                    className="link"
                    aria-expanded={open === d}
                    onClick={() => setOpen(open === d ? null : d)}
                  >
                    {open === d ? t('documents.hide') : t('documents.show')}
                  </button>
                </div>
                {open === d ? (
                  <DocumentViewer applicationId={application.id} documentId={doc.documentId} label={label(d)} />
                ) : null}
              </li>
            );
          })}
      </ul>
    </section>
  );
}
