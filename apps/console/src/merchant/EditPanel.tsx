import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  applicantIsLegalRepresentative,
  DOCUMENT_TYPES,
  ownerDocumentKey,
  ownerIdOfDocumentKey,
  REQUIRED_DOCUMENTS,
  type ApplicationProfile,
} from '@domain/profile';
import { perform } from '../api/actions';
import { api, type Application, type Schemas } from '../api/client';
import { DocumentUploads } from '../application/Documents';
import { hasProblems, patchOf, ProfileForm, valuesOf, type Values } from '../application/ProfileForm';
import { useAction } from '../application/useAction';
import { useApplicationAnswer } from '../application/useApplication';
import { ProblemAlert } from '../ui/ProblemAlert';
import { Feedback } from './Feedback';
import { feedbackFor } from './feedbackFor';

type Profile = Schemas['ProfileDto'] & { documents?: Record<string, { documentId?: string }> };

/**
 * Draft and changes requested: the profile and documents, open where the merchant may change them;
 * a draft is saved (`update_draft`) and submitted (`submit`), a correction is resubmitted (`resubmit`).
 */
export function EditPanel({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const answered = useApplicationAnswer();
  const profile = (application.profile ?? {}) as Profile;
  const initial = valuesOf(profile);
  const [values, setValues] = useState<Values>(initial);
  const [replacements, setReplacements] = useState<Record<string, string>>({});
  const draft = application.status === 'draft';
  const feedback = feedbackFor(application);
  const allowed = new Set(application.allowedActions);
  const changes = patchOf(initial, values) as Schemas['ProfileDto'];
  // The saved owners' ID documents (an owner is saved before its document is uploaded), and the
  // letter of authorisation only when it is due.
  const owners = (profile as ApplicationProfile).beneficialOwners ?? [];
  const letterDue = !applicantIsLegalRepresentative(profile as ApplicationProfile);
  const documentTypes = [
    ...DOCUMENT_TYPES.filter((d) => d !== 'authorization_letter' || letterDue || profile.documents?.[d]),
    ...owners.map((o) => ownerDocumentKey(o.id)),
  ];
  const ownerLabel = (type: string): string | undefined => {
    const ownerId = ownerIdOfDocumentKey(type);
    const owner = owners.find((o) => o.id === ownerId);
    return owner ? t('owners.document', { name: owner.name ?? owner.id }) : undefined;
  };
  const changed = Object.keys(changes).length > 0;

  const save = useAction('update_draft', application.id, { onDone: (a) => setValues(valuesOf(a.profile ?? {})) });
  const submit = useAction('submit', application.id, {
    // What is typed but not saved goes with the submission.
    before: async () => (changed ? perform('update_draft', application.id, changes) : undefined),
  });
  const resubmit = useAction('resubmit', application.id, { onDone: () => setReplacements({}) });

  const highlight = (target: string): ReactNode => {
    const reasons = feedback.reasonsAt(target);
    return reasons.length > 0 ? <Feedback reasons={reasons} /> : null;
  };
  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (draft) submit.mutate();
    else resubmit.mutate({ changes, documents: replacements });
  };
  return (
    <form onSubmit={onSubmit}>
      {!draft ? (
        <section className="card callout">
          <h2>{t('merchant.feedback')}</h2>
          <p>{t('merchant.feedbackHelp')}</p>
          <Feedback reasons={application.feedback} />
        </section>
      ) : null}
      <ProfileForm
        initial={initial}
        values={values}
        onChange={setValues}
        editable={(p) => draft || feedback.open(p)}
        highlight={draft ? undefined : highlight}
      />
      <DocumentUploads
        applicationId={application.id}
        documents={profile.documents ?? {}}
        types={
          draft
            ? documentTypes
            : documentTypes.filter(
                (d) =>
                  feedback.open(`documents.${d}`) ||
                  profile.documents?.[d] ||
                  (REQUIRED_DOCUMENTS as readonly string[]).includes(d),
              )
        }
        label={ownerLabel}
        open={(type) => draft || feedback.open(`documents.${type}`)}
        replacements={replacements}
        onUploaded={(type, documentId) => {
          if (draft)
            void api
              .GET('/v1/applications/{id}', { params: { path: { id: application.id } } })
              .then((r) => r.data && answered(r.data));
          else setReplacements((r) => ({ ...r, [type]: documentId }));
        }}
        highlight={draft ? undefined : highlight}
      />
      <ProblemAlert error={save.error ?? submit.error ?? resubmit.error} />
      <div className="actions">
        {draft && allowed.has('update_draft') ? (
          <button
            type="button"
            disabled={save.isPending || !changed || hasProblems(initial, values)}
            onClick={() => save.mutate(changes)}
          >
            {t('merchant.save')}
          </button>
        ) : null}
        {draft && allowed.has('submit') ? (
          <button type="submit" className="primary" disabled={submit.isPending || hasProblems(initial, values)}>
            {t('merchant.submit')}
          </button>
        ) : null}
        {!draft && allowed.has('resubmit') ? (
          <button type="submit" className="primary" disabled={resubmit.isPending || hasProblems(initial, values)}>
            {t('merchant.resubmit')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
