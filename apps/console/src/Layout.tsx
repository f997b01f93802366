import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { LANGUAGES, switchLanguage, type Language } from './i18n';
import { isStaff, useSession } from './auth/session';

export function LanguageSwitch(): ReactNode {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      <span className="visually-hidden">{t('app.language')}</span>
      <select
        aria-label={t('app.language')}
        value={i18n.language}
        onChange={(e) => void switchLanguage(e.target.value as Language)}
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Layout(): ReactNode {
  const { t } = useTranslation();
  const { session, signOut } = useSession();
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.title')}</span>
        {session ? (
          <nav aria-label={t('app.title')}>
            {session.role === 'merchant' ? (
              <>
                <NavLink to="/applications">{t('nav.applications')}</NavLink>
                <NavLink to="/webhooks">{t('nav.webhooks')}</NavLink>
              </>
            ) : null}
            {isStaff(session.role) ? <NavLink to="/queue">{t('nav.queue')}</NavLink> : null}
            {session.role === 'admin' ? <NavLink to="/admin">{t('nav.admin')}</NavLink> : null}
          </nav>
        ) : null}
        <div className="topbar-end">
          <LanguageSwitch />
          {session ? (
            <>
              <span className="whoami">
                {t('app.signedInAs', { subject: session.subject, role: t(`roles.${session.role}`) })}
              </span>
              <button type="button" className="link" onClick={signOut}>
                {t('app.signOut')}
              </button>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
