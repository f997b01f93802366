/**
 * Screening hits for staff: each potential match beside the person as submitted, and the reviewer's
 * resolution (a false positive with a note; a true match where `allowedActions` offers it).
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../api/client';
import { useTargetLabel } from '../queue/labels';
import { ActionButton, ActionForm } from '../ui/ActionForm';
import { useAction } from './useAction';

type Hit = NonNullable<Application['screeningHits']>[number];

export function ScreeningPanel({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const hits = application.screeningHits;
  if (hits === undefined || hits.length === 0) return null;
  return (
    <section className="card" aria-labelledby="screening-title">
      <h2 id="screening-title">{t('review.screening')}</h2>
      <ul>
        {hits.map((hit) => (
          <ScreeningHitItem key={hit.hitId} application={application} hit={hit} />
        ))}
      </ul>
    </section>
  );
}

function ScreeningHitItem({ application, hit }: { application: Application; hit: Hit }): ReactNode {
  const { t } = useTranslation();
  const label = useTargetLabel();
  const allowed = new Set(application.allowedActions);
  const list = (items: readonly string[]): string => items.join(', ');
  return (
    <li data-screening-hit={hit.hitId}>
      <div className="columns">
        <div>
          <h3>
            {t('review.screeningSubject')} · {label(hit.subject.path)}
          </h3>
          <p>{hit.subject.name}</p>
          {hit.subject.dateOfBirth ? <p>{t('review.screeningBorn', { dates: hit.subject.dateOfBirth })}</p> : null}
          {hit.subject.nationality ? (
            <p>{t('review.screeningCountries', { countries: hit.subject.nationality.toUpperCase() })}</p>
          ) : null}
        </div>
        <div>
          <h3>
            {t('review.screeningEntry')} · {hit.entry.dataset} · <code>{hit.entry.id}</code>
          </h3>
          <p>
            {hit.entry.name}{' '}
            <span className="badge risk-high">{t('review.screeningScore', { score: hit.score.toFixed(2) })}</span>
          </p>
          {hit.entry.aliases.length > 0 ? (
            <p>{t('review.screeningAliases', { aliases: list(hit.entry.aliases) })}</p>
          ) : null}
          {hit.entry.birthDates.length > 0 ? (
            <p>{t('review.screeningBorn', { dates: list(hit.entry.birthDates) })}</p>
          ) : null}
          {hit.entry.countries.length > 0 ? (
            <p>{t('review.screeningCountries', { countries: list(hit.entry.countries).toUpperCase() })}</p>
          ) : null}
          {hit.entry.identifiers.length > 0 ? (
            <p>{t('review.screeningIdentifiers', { ids: list(hit.entry.identifiers) })}</p>
          ) : null}
          {hit.entry.sanctions.length > 0 ? (
            <p>{t('review.screeningSanctions', { programmes: list(hit.entry.sanctions) })}</p>
          ) : null}
          <p className="muted">{t('review.screeningList', { version: hit.listVersion.slice(0, 15) })}</p>
        </div>
      </div>
      {hit.resolution === null ? (
        <Resolve application={application} hit={hit} allowed={allowed} />
      ) : (
        <p>
          {t(`review.screeningResolved_${hit.resolution.resolution}`, {
            by: hit.resolution.by.id ?? hit.resolution.by.role,
            note: hit.resolution.note ?? '',
          })}
        </p>
      )}
    </li>
  );
}

function Resolve({
  application,
  hit,
  allowed,
}: {
  application: Application;
  hit: Hit;
  allowed: ReadonlySet<string>;
}): ReactNode {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const path = { hitId: hit.hitId };
  const clear = useAction('resolve_screening_hit', application.id, { path, onDone: () => setNote('') });
  const confirm = useAction('confirm_screening_match', application.id, { path });
  return (
    <>
      <p>
        <span className="badge severity-blocking">{t('review.screeningOpen')}</span>
      </p>
      {allowed.has('resolve_screening_hit') ? (
        <ActionForm
          action={clear}
          onSubmit={() => clear.mutate({ resolution: 'false_positive', note })}
          submitLabel={t('review.falsePositive')}
        >
          <label>
            {t('review.screeningNote')}
            <textarea required value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
          </label>
        </ActionForm>
      ) : null}
      {allowed.has('confirm_screening_match') ? (
        <ActionButton
          action={confirm}
          onClick={() => confirm.mutate({ resolution: 'true_match' })}
          label={t('review.trueMatch')}
          tone="danger"
        />
      ) : null}
    </>
  );
}
