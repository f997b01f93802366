import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../api/client';
import { useAction } from '../application/useAction';
import { ActionForm } from '../ui/ActionForm';

/** `add_note`: an internal note on the application's story, never shown to the merchant. */
export function NoteForm({ application }: { application: Application }): ReactNode {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const add = useAction('add_note', application.id, { onDone: () => setNote('') });
  return (
    <ActionForm action={add} onSubmit={() => add.mutate({ note })} submitLabel={t('review.addNote')} className="card">
      <label>
        {t('review.note')}
        <textarea required value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      </label>
    </ActionForm>
  );
}
