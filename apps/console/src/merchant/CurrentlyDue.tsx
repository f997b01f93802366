import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_TYPES } from '@domain/profile';
import { reasonTargetLabel } from '@domain/reason-texts';
import type { Application } from '../api/client';

/** What the merchant still owes before the application can go on (Stripe's `currently_due`). */
export function CurrentlyDue({ application }: { application: Application }): ReactNode {
  const { t, i18n } = useTranslation();
  const label = (item: string): string =>
    (DOCUMENT_TYPES as readonly string[]).includes(item)
      ? t(`documents.${item}`)
      : item.startsWith('beneficial')
        ? (reasonTargetLabel(item, i18n.language === 'zh-CN' ? 'zh-CN' : 'en') ?? item)
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
