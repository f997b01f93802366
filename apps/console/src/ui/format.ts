import i18next from 'i18next';

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(i18next.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** "3 d 4 h", "25 min": the largest two units. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const t = (unit: 'd' | 'h' | 'm', n: number): string => i18next.t(`duration.${unit}`, { n });
  if (days > 0) return hours > 0 ? `${t('d', days)} ${t('h', hours)}` : t('d', days);
  if (hours > 0) return mins > 0 ? `${t('h', hours)} ${t('m', mins)}` : t('h', hours);
  return t('m', mins);
}

export function formatSeconds(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined ? '—' : formatDuration(seconds * 1000);
}

export const shortId = (id: string): string => id.slice(0, 8);
