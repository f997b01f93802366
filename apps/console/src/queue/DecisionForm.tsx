import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { OWNER_FIELDS, ownerDocumentKey, type ApplicationProfile } from '@domain/profile';
import { reasonTargetLabel } from '@domain/reason-texts';
import { FINAL_REJECTION_CODES, RESUBMITTABLE_CODES } from '@domain/reasons';
import type { Application, Schemas } from '../api/client';
import { useReasonTexts, useTargets } from '../application/reasons';
import { useAction } from '../application/useAction';
import { ActionForm } from '../ui/ActionForm';

interface ReasonRow {
  target: string;
  code: Schemas['ChangeReasonDto']['code'];
  message: string;
}

/** `approve`, `request_changes` or `reject` (each the reviewer may do now), with reasons and an internal note. */
export function DecisionForm({ application }: { application: Application }): ReactNode {
  const { t, i18n } = useTranslation();
  const text = useReasonTexts();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  // The catalogue's targets, then each owner of this profile: the owner, each field, its ID document.
  const ownerTargets = ((application.profile as ApplicationProfile | undefined)?.beneficialOwners ?? []).flatMap((o) =>
    [
      `beneficialOwners[${o.id}]`,
      ...OWNER_FIELDS.map((f) => `beneficialOwners[${o.id}].${f}`),
      ownerDocumentKey(o.id),
    ].map((target) => ({ target, label: reasonTargetLabel(target, language) ?? target })),
  );
  const targets = [...useTargets(), ...ownerTargets];
  const allowed = new Set(application.allowedActions);
  const options = (['approve', 'request_changes', 'reject'] as const).filter((d) => allowed.has(d));
  const [chosen, setDecision] = useState<Schemas['DecisionDto']['decision']>('approve');
  // What is chosen, if it is still offered (approve is not while a screening hit is open).
  const decision = options.includes(chosen) ? chosen : (options[0] ?? chosen);
  const [reasons, setReasons] = useState<ReasonRow[]>([
    { target: 'business', code: 'INCOMPLETE_INFORMATION', message: '' },
  ]);
  const [code, setCode] = useState<Schemas['DecisionDto']['code']>('SUSPECTED_FRAUD');
  const [message, setMessage] = useState('');
  const [note, setNote] = useState('');
  const decide = useAction(decision, application.id);
  const body = (): Schemas['DecisionDto'] => {
    const dto: Schemas['DecisionDto'] = { decision, ...(note.trim() ? { note: note.trim() } : {}) };
    if (decision === 'request_changes') dto.reasons = reasons.map((r) => ({ ...r, message: r.message.trim() }));
    if (decision === 'reject') Object.assign(dto, { code, message: message.trim() });
    return dto;
  };
  if (options.length === 0) return null;
  const set = (i: number, row: Partial<ReasonRow>): void =>
    setReasons(reasons.map((r, j) => (j === i ? { ...r, ...row } : r)));
  return (
    <ActionForm
      action={decide}
      onSubmit={() => decide.mutate(body())}
      submitLabel={t(`review.${decision === 'request_changes' ? 'requestChanges' : decision}`)}
      tone={decision === 'reject' ? 'danger' : 'primary'}
      className="card decision"
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
    </ActionForm>
  );
}
