/** Two languages, switchable; zh-CN when the browser prefers Chinese, else English. */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { useLanguage } from '../api/client';
import { en } from './en';
import { zhCN } from './zh-CN';

export const LANGUAGES = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'en', label: 'English' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];
const STORAGE_KEY = 'mo.language';

export function preferredLanguage(): Language {
  const chosen = localStorage.getItem(STORAGE_KEY);
  if (chosen === 'en' || chosen === 'zh-CN') return chosen;
  const browser = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  for (const tag of browser) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

function apply(language: Language): void {
  document.documentElement.lang = language;
  useLanguage(language);
}

export async function setupI18n(): Promise<void> {
  const language = preferredLanguage();
  apply(language);
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}

export async function switchLanguage(language: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, language);
  apply(language);
  await i18next.changeLanguage(language);
}
