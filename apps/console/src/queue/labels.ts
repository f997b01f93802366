import { useTranslation } from 'react-i18next';
import { DOCUMENT_TYPES } from '@domain/profile';

/** A reason's or finding's target (a field path or a document type) in the console's language. */
export function useTargetLabel(): (target: string) => string {
  const { t } = useTranslation();
  return (target) =>
    (DOCUMENT_TYPES as readonly string[]).includes(target)
      ? t(`documents.${target}`)
      : target.startsWith('documents.')
        ? t(`documents.${target.slice('documents.'.length)}`)
        : t(`fields.${target}`, { defaultValue: target });
}

/** A profile value as text (a dash when there is none). */
export function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}
