import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, idempotencyKey, unwrap } from '../api/client';
import { hasProblems, patchOf, ProfileForm, valuesOf, type Values } from '../application/ProfileForm';
import { ActionForm } from '../ui/ActionForm';

/** A merchant starts an application: the profile so far becomes a draft. */
export function NewApplication(): ReactNode {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const initial = valuesOf({});
  const [values, setValues] = useState<Values>(initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const create = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const application = unwrap(
        await api.POST('/v1/applications', { body: patchOf(initial, values), params: { header: idempotencyKey() } }),
      );
      void navigate(`/applications/${application.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h1>{t('merchant.newApplication')}</h1>
      <ActionForm
        action={{ error, isPending: busy }}
        onSubmit={() => void create()}
        submitLabel={t('merchant.create')}
        tone="primary"
        disabled={hasProblems(initial, values)}
      >
        <ProfileForm initial={initial} values={values} onChange={setValues} editable={() => true} />
      </ActionForm>
    </section>
  );
}
