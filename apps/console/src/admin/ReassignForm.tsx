import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application, Schemas } from '../api/client';
import { useAction } from '../application/useAction';
import { ActionForm } from '../ui/ActionForm';

/** `reassign`: an admin gives the review to a named reviewer or senior reviewer. */
export function ReassignForm({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const [reviewer, setReviewer] = useState('');
  const [reviewerRole, setReviewerRole] = useState<Schemas['ReassignDto']['reviewerRole']>('reviewer');
  const reassign = useAction('reassign', application.id);
  return (
    <ActionForm
      action={reassign}
      onSubmit={() => reassign.mutate({ reviewerId: reviewer.trim(), reviewerRole })}
      submitLabel={t('admin.reassign')}
      className="card inline"
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
    </ActionForm>
  );
}
