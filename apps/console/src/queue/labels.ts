import { useTranslation } from 'react-i18next';
import { DOCUMENT_TYPES } from '@domain/profile';
import { reasonTargetLabel } from '@domain/reason-texts';

/** A reason's or finding's target (a field path or a document type) in the console's language. */
export function useTargetLabel(): (target: string) => string {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  return (target) => {
    const bare = target.startsWith('documents.') ? target.slice('documents.'.length) : target;
    // Per-owner targets (beneficialOwners[<id>].idNumber, beneficial_owner_id[<id>]) name the owner.
    if (bare.startsWith('beneficial')) return reasonTargetLabel(bare, language) ?? target;
    return (DOCUMENT_TYPES as readonly string[]).includes(bare)
      ? t(`documents.${bare}`)
      : t(`fields.${target}`, { defaultValue: target });
  };
}

/** A profile value as text (a dash when there is none). */
export function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}
