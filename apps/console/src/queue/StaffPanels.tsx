import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_TYPES } from '@domain/profile';
import { FINAL_REJECTION_CODES, RESUBMITTABLE_CODES } from '@domain/reasons';
import { api, onApplication, unwrap, type Application, type Schemas } from '../api/client';
import { DocumentViewer } from '../components/Documents';
import { ProblemAlert } from '../components/Problem';
import { SECTIONS } from '../components/ProfileForm';
import { useEvents } from '../components/Timeline';
import { formatDateTime, formatDuration } from '../format';
import { useApplicationAnswer } from '../hooks';
import { useReasonTexts, useTargets } from '../reasons';
import type { Role } from '../session';

type Profile = Record<string, Record<string, unknown> | undefined> & {
  documents?: Record<string, { documentId: string; mediaType: string; size: number } | undefined>;
  capabilities?: string[];
};

function useTargetLabel(): (target: string) => string {
  const { t } = useTranslation();
  return (target) =>
    (DOCUMENT_TYPES as readonly string[]).includes(target)
      ? t(`documents.${target}`)
      : target.startsWith('documents.')
        ? t(`documents.${target.slice('documents.'.length)}`)
        : t(`fields.${target}`, { defaultValue: target });
}

function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}

function ProfileView({ application }: { application: Application }): ReactNode {
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
      </div>
      <h2>{t('documents.title')}</h2>
      <ul className="documents">
        {DOCUMENT_TYPES.filter((d) => profile.documents?.[d]).map((d) => {
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

function Changes({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const label = useTargetLabel();
  const changes = application.changes ?? [];
  if (changes.length === 0) return null;
  return (
    <section className="card callout">
      <h2>{t('review.changes')}</h2>
      <table className="diff">
        <thead>
          <tr>
            <th scope="col">{t('review.target')}</th>
            <th scope="col">{t('review.before')}</th>
            <th scope="col">{t('review.after')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.field}>
              <th scope="row">{label(c.field)}</th>
              <td>
                <del>{show(c.before)}</del>
              </td>
              <td>
                <ins>{show(c.after)}</ins>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Risk({ application }: { application: Application }): ReactNode {
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

function FourEyes({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const events = useEvents(application.id, application.version);
  if (application.status !== 'awaiting_second_approval') return null;
  const first = events.data?.events.filter((e) => e.type === 'first_approval_recorded').at(-1);
  return (
    <section className="card callout" data-testid="four-eyes">
      <p>{t('review.fourEyes')}</p>
      {first ? (
        <p>{t('review.firstApproval', { by: first.actor.id ?? first.actor.role, at: formatDateTime(first.at) })}</p>
      ) : null}
    </section>
  );
}

interface ReasonRow {
  target: string;
  code: Schemas['ChangeReasonDto']['code'];
  message: string;
}

function DecisionForm({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const answered = useApplicationAnswer();
  const text = useReasonTexts();
  const targets = useTargets();
  const allowed = new Set(application.allowedActions);
  const [decision, setDecision] = useState<Schemas['DecisionDto']['decision']>('approve');
  const [reasons, setReasons] = useState<ReasonRow[]>([
    { target: 'business', code: 'INCOMPLETE_INFORMATION', message: '' },
  ]);
  const [code, setCode] = useState<Schemas['DecisionDto']['code']>('SUSPECTED_FRAUD');
  const [message, setMessage] = useState('');
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: async () => {
      const body: Schemas['DecisionDto'] = { decision, ...(note.trim() ? { note: note.trim() } : {}) };
      if (decision === 'request_changes') body.reasons = reasons.map((r) => ({ ...r, message: r.message.trim() }));
      if (decision === 'reject') Object.assign(body, { code, message: message.trim() });
      return unwrap(await api.POST('/v1/applications/{id}/decisions', { ...onApplication(application.id), body }));
    },
    onSuccess: answered,
  });
  const options = (['approve', 'request_changes', 'reject'] as const).filter((d) => allowed.has(d));
  if (options.length === 0) return null;
  const set = (i: number, row: Partial<ReasonRow>): void =>
    setReasons(reasons.map((r, j) => (j === i ? { ...r, ...row } : r)));
  return (
    <form
      className="card decision"
      onSubmit={(e) => {
        e.preventDefault();
        decide.mutate();
      }}
    >
      <fieldset>
        <legend>{t('review.decide')}</legend>
        {options.map((d) => (
          <label key={d} className="check">
            <input type="radio" name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} />
            {t(`review.${d === 'request_changes' ? 'requestChanges' : d}`)}
          </label>
        ))}
      </fieldset>
      {decision === 'request_changes' ? (
        <fieldset>
          <legend>{t('review.reasons')}</legend>
          {reasons.map((r, i) => (
            <div key={i} className="reason-row">
              <label>
                {t('review.target')}
                <select value={r.target} onChange={(e) => set(i, { target: e.target.value })}>
                  {targets.map((target) => (
                    <option key={target.target} value={target.target}>
                      {target.label}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('review.code')}
                <select value={r.code} onChange={(e) => set(i, { code: e.target.value as ReasonRow['code'] })}>
                  {RESUBMITTABLE_CODES.filter((c) => c !== 'BANK_ACCOUNT_UNVERIFIED').map((c) => (
                    <option key={c} value={c}>
                      {text(c)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('review.message')}
                <input
                  required
                  value={r.message}
                  maxLength={1000}
                  onChange={(e) => set(i, { message: e.target.value })}
                />
              </label>
              {reasons.length > 1 ? (
                <button type="button" className="link" onClick={() => setReasons(reasons.filter((_, j) => j !== i))}>
                  {t('review.removeReason')}
                </button>
              ) : null}
            </div>
          ))}
          <button
            type="button"
            onClick={() =>
              setReasons([...reasons, { target: 'business', code: 'INCOMPLETE_INFORMATION', message: '' }])
            }
          >
            {t('review.addReason')}
          </button>
        </fieldset>
      ) : null}
      {decision === 'reject' ? (
        <fieldset>
          <legend>{t('review.reject')}</legend>
          <label>
            {t('review.finalCode')}
            <select value={code} onChange={(e) => setCode(e.target.value as typeof code)}>
              {FINAL_REJECTION_CODES.filter((c) => c !== 'RESUBMISSION_LIMIT_REACHED').map((c) => (
                <option key={c} value={c}>
                  {text(c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('review.message')}
            <textarea required value={message} maxLength={2000} onChange={(e) => setMessage(e.target.value)} />
          </label>
        </fieldset>
      ) : null}
      <label>
        {t('review.note')}
        <textarea value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      </label>
      <ProblemAlert error={decide.error} />
      <button type="submit" className={decision === 'reject' ? 'danger' : 'primary'} disabled={decide.isPending}>
        {t(`review.${decision === 'request_changes' ? 'requestChanges' : decision}`)}
      </button>
    </form>
  );
}

function NoteForm({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const answered = useApplicationAnswer();
  const [note, setNote] = useState('');
  const add = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/v1/applications/{id}/notes', { ...onApplication(application.id), body: { note } })),
    onSuccess: (a) => {
      setNote('');
      answered(a);
    },
  });
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <label>
        {t('review.note')}
        <textarea required value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      </label>
      <ProblemAlert error={add.error} />
      <button type="submit" disabled={add.isPending}>
        {t('review.addNote')}
      </button>
    </form>
  );
}

function AdminActions({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const answered = useApplicationAnswer();
  const allowed = new Set(application.allowedActions);
  const [reviewer, setReviewer] = useState('');
  const [reviewerRole, setReviewerRole] = useState<Schemas['ReassignDto']['reviewerRole']>('reviewer');
  const [reason, setReason] = useState('');
  const reassign = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/v1/applications/{id}/reassign', {
          ...onApplication(application.id),
          body: { reviewerId: reviewer.trim(), reviewerRole },
        }),
      ),
    onSuccess: answered,
  });
  const cancel = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/v1/applications/{id}/cancel', {
          ...onApplication(application.id),
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: answered,
  });
  const retry = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/applications/{id}/retry', onApplication(application.id))),
    onSuccess: answered,
  });
  return (
    <>
      {allowed.has('retry_operation') ? (
        <section className="card">
          {application.hold ? (
            <p>
              {t('admin.step')}: <code>{application.hold.step}</code> · {application.hold.failure?.message}
            </p>
          ) : null}
          <button type="button" onClick={() => retry.mutate()} disabled={retry.isPending}>
            {t('admin.retry')}
          </button>
          <ProblemAlert error={retry.error} />
        </section>
      ) : null}
      {allowed.has('reassign') ? (
        <form
          className="card inline"
          onSubmit={(e) => {
            e.preventDefault();
            reassign.mutate();
          }}
        >
          <label>
            {t('admin.reassignTo')}
            <input required value={reviewer} onChange={(e) => setReviewer(e.target.value)} />
          </label>
          <label>
            {t('signIn.role')}
            <select value={reviewerRole} onChange={(e) => setReviewerRole(e.target.value as typeof reviewerRole)}>
              <option value="reviewer">{t('roles.reviewer')}</option>
              <option value="senior_reviewer">{t('roles.senior_reviewer')}</option>
            </select>
          </label>
          <button type="submit" disabled={reassign.isPending}>
            {t('admin.reassign')}
          </button>
          <ProblemAlert error={reassign.error} />
        </form>
      ) : null}
      {allowed.has('cancel') ? (
        <form
          className="card inline"
          onSubmit={(e) => {
            e.preventDefault();
            cancel.mutate();
          }}
        >
          <label>
            {t('admin.cancelReason')}
            <input required value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="submit" className="danger" disabled={cancel.isPending}>
            {t('admin.cancel')}
          </button>
          <ProblemAlert error={cancel.error} />
        </form>
      ) : null}
    </>
  );
}

export function StaffPanels({ application }: { application: Application; role: Role; subject: string }): ReactNode {
  const { t } = useTranslation();
  const answered = useApplicationAnswer();
  const allowed = new Set(application.allowedActions);
  const claim = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/applications/{id}/claim', onApplication(application.id))),
    onSuccess: answered,
  });
  const release = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/applications/{id}/release', onApplication(application.id))),
    onSuccess: answered,
  });
  const sla = application.deadline?.kind === 'review_sla' ? Date.parse(application.deadline.at) - Date.now() : null;
  return (
    <div className="staff">
      <div className="card claim-bar">
        <span>
          {t('review.assignee')}:{' '}
          <strong data-testid="assignee">{application.assignee?.id ?? t('review.unclaimed')}</strong>
        </span>
        {application.escalated ? <span className="badge badge-danger">{t('review.escalatedBadge')}</span> : null}
        {sla !== null ? (
          <span className={sla < 0 ? 'overdue' : undefined}>
            {t('review.sla')}:{' '}
            {sla < 0
              ? t('review.slaOverdue', { time: formatDuration(sla) })
              : t('review.slaLeft', { time: formatDuration(sla) })}
          </span>
        ) : null}
        {allowed.has('claim') ? (
          <button type="button" className="primary" onClick={() => claim.mutate()} disabled={claim.isPending}>
            {t('review.claim')}
          </button>
        ) : null}
        {allowed.has('release') && application.assignee ? (
          <button type="button" onClick={() => release.mutate()} disabled={release.isPending}>
            {t('review.release')}
          </button>
        ) : null}
        <ProblemAlert error={claim.error ?? release.error} />
      </div>
      <FourEyes application={application} />
      <Risk application={application} />
      <Changes application={application} />
      {/* A half-written decision survives unrelated changes (a colleague's note); a new claim or round starts afresh. */}
      <DecisionForm
        key={`${application.status}:${application.round}:${application.assignee?.id ?? ''}`}
        application={application}
      />
      <AdminActions key={`admin:${application.status}`} application={application} />
      <ProfileView application={application} />
      {allowed.has('add_note') ? <NoteForm application={application} /> : null}
    </div>
  );
}
