import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { REQUIRED_DOCUMENTS, DOCUMENT_TYPES } from '@domain/profile';
import { api, onApplication, unwrap, type Application, type Schemas } from '../api/client';
import { DocumentUploads } from '../components/Documents';
import { ProblemAlert } from '../components/Problem';
import { hasProblems, patchOf, ProfileForm, valuesOf, type Values } from '../components/ProfileForm';
import { useApplicationAnswer } from '../hooks';
import { useEvents } from '../components/Timeline';
import { useReasonTexts } from '../reasons';
import { feedbackFor } from './Application';

type Profile = Schemas['ProfileDto'] & { documents?: Record<string, { documentId?: string }> };

function Feedback({ reasons }: { reasons: Application['feedback'] }): ReactNode {
  const text = useReasonTexts();
  if (reasons.length === 0) return null;
  return (
    <ul className="feedback">
      {reasons.map((r) => (
        <li key={`${r.target}:${r.code}`} data-code={r.code}>
          <strong>{text(r.code)}</strong> {r.message}
        </li>
      ))}
    </ul>
  );
}

function CurrentlyDue({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const label = (item: string): string =>
    (DOCUMENT_TYPES as readonly string[]).includes(item)
      ? t(`documents.${item}`)
      : t(`fields.${item}`, { defaultValue: item });
  return (
    <section className="card due">
      <h2>{t('merchant.currentlyDue')}</h2>
      {application.currentlyDue.length === 0 ? (
        <p>{t('merchant.nothingDue')}</p>
      ) : (
        <ul>
          {application.currentlyDue.map((item) => (
            <li key={item}>{label(item)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Draft and changes requested: the profile and documents, open where the merchant may change them. */
function EditPanel({ application }: { application: Application }): ReactNode {
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

  const save = useMutation({
    mutationFn: async () =>
      unwrap(await api.PATCH('/v1/applications/{id}', { ...onApplication(application.id), body: changes })),
    onSuccess: (a) => {
      answered(a);
      setValues(valuesOf(a.profile ?? {}));
    },
  });
  const submit = useMutation({
    mutationFn: async () => {
      if (Object.keys(changes).length > 0) {
        unwrap(await api.PATCH('/v1/applications/{id}', { ...onApplication(application.id), body: changes }));
      }
      return unwrap(await api.POST('/v1/applications/{id}/submit', onApplication(application.id)));
    },
    onSuccess: answered,
  });
  const resubmit = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/v1/applications/{id}/resubmit', {
          ...onApplication(application.id),
          body: { changes, documents: replacements },
        }),
      ),
    onSuccess: (a) => {
      setReplacements({});
      answered(a);
    },
  });
  const highlight = (target: string): ReactNode => {
    const reasons = feedback.reasonsAt(target);
    return reasons.length > 0 ? <Feedback reasons={reasons} /> : null;
  };
  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (draft) submit.mutate();
    else resubmit.mutate();
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
            ? undefined
            : DOCUMENT_TYPES.filter(
                (d) => feedback.open(`documents.${d}`) || profile.documents?.[d] || REQUIRED_DOCUMENTS.includes(d),
              )
        }
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
            disabled={save.isPending || Object.keys(changes).length === 0 || hasProblems(initial, values)}
            onClick={() => save.mutate()}
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

function BankVerification({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const answered = useApplicationAnswer();
  const [amount, setAmount] = useState('');
  // The domain says how many attempts remain each time one fails (the event's attemptsLeft).
  const events = useEvents(application.id, application.version);
  const failed = events.data?.events.filter((e) => e.type === 'micro_deposit_confirmation_failed').at(-1);
  const attemptsLeft = typeof failed?.data.attemptsLeft === 'number' ? failed.data.attemptsLeft : null;
  const verify = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/v1/applications/{id}/bank-verification', {
          ...onApplication(application.id),
          body: { amount },
        }),
      ),
    onSuccess: (a) => {
      setAmount('');
      answered(a);
    },
  });
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        verify.mutate();
      }}
    >
      <h2>{t('merchant.bankTitle')}</h2>
      <p>{t('merchant.bankHelp')}</p>
      {attemptsLeft !== null ? (
        <p data-testid="attempts" role="status">
          {t('merchant.attemptsLeft', { count: attemptsLeft })}
        </p>
      ) : null}
      <label>
        {t('merchant.amount')}
        <input
          inputMode="decimal"
          required
          pattern="0\.\d{2}"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </label>
      <ProblemAlert error={verify.error} />
      <button type="submit" className="primary" disabled={verify.isPending}>
        {t('merchant.verify')}
      </button>
    </form>
  );
}

function Agreement({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const answered = useApplicationAnswer();
  const [signatory, setSignatory] = useState('');
  const accept = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/v1/applications/{id}/agreement', {
          ...onApplication(application.id),
          body: { version: application.agreementVersion ?? '', signatory },
        }),
      ),
    onSuccess: answered,
  });
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        accept.mutate();
      }}
    >
      <h2>{t('merchant.agreementTitle')}</h2>
      <p>{t('merchant.agreementHelp', { version: application.agreementVersion })}</p>
      <label>
        {t('merchant.signatory')}
        <input required value={signatory} onChange={(e) => setSignatory(e.target.value)} />
      </label>
      <ProblemAlert error={accept.error} />
      <button type="submit" className="primary" disabled={accept.isPending}>
        {t('merchant.accept')}
      </button>
    </form>
  );
}

function Credentials({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const reveal = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/applications/{id}/credentials', onApplication(application.id))),
  });
  return (
    <section className="card">
      <h2>{t('merchant.activeTitle')}</h2>
      {reveal.data ? (
        <div className="secret" role="status">
          <p>{t('merchant.credentialsOnce')}</p>
          <dl>
            <dt>{t('merchant.keyId')}</dt>
            <dd>
              <code>{reveal.data.keyId}</code>
            </dd>
            <dt>{t('merchant.secret')}</dt>
            <dd>
              <code data-testid="secret">{reveal.data.secret}</code>
            </dd>
          </dl>
        </div>
      ) : (
        <button type="button" onClick={() => reveal.mutate()} disabled={reveal.isPending}>
          {t('merchant.credentials')}
        </button>
      )}
      <ProblemAlert error={reveal.error} />
    </section>
  );
}

export function MerchantPanels({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const answered = useApplicationAnswer();
  const text = useReasonTexts();
  const withdraw = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/v1/applications/{id}/withdraw', { ...onApplication(application.id), body: {} })),
    onSuccess: answered,
  });
  const status = application.status;
  return (
    <>
      {status === 'draft' || status === 'changes_requested' ? <CurrentlyDue application={application} /> : null}
      {status === 'draft' || status === 'changes_requested' ? (
        // A new round (or status) starts the form again from what is stored; uploads and saves
        // within a round keep what the merchant is typing.
        <EditPanel key={`${application.status}:${application.round}`} application={application} />
      ) : null}
      {status === 'bank_verification' ? <BankVerification application={application} /> : null}
      {status === 'agreement_pending' ? <Agreement application={application} /> : null}
      {status === 'active' ? <Credentials application={application} /> : null}
      {status === 'on_hold' ? <p className="card">{t('merchant.onHold')}</p> : null}
      {status === 'rejected' && application.rejection ? (
        <section className="card callout">
          <h2>{t('merchant.rejected')}</h2>
          <p>
            <strong>{text(application.rejection.code)}</strong> {application.rejection.message}
          </p>
        </section>
      ) : null}
      {application.allowedActions.includes('withdraw') ? (
        <p>
          <button
            type="button"
            className="danger"
            disabled={withdraw.isPending}
            onClick={() => {
              if (window.confirm(t('merchant.withdrawConfirm'))) withdraw.mutate();
            }}
          >
            {t('merchant.withdraw')}
          </button>
        </p>
      ) : null}
      <ProblemAlert error={withdraw.error} />
    </>
  );
}
