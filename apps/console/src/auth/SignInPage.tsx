import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { ProblemAlert } from '../ui/ProblemAlert';
import { home } from './home';
import { useSession, userManager, type Role } from './session';

const ROLES: Role[] = ['merchant', 'reviewer', 'senior_reviewer', 'admin'];

export function SignInPage(): ReactNode {
  const { t } = useTranslation();
  const { settings, session, signInAs } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const [role, setRole] = useState<Role>('merchant');
  const [subject, setSubject] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (session) void navigate(from ?? home(session.role), { replace: true });
  }, [session, from, navigate]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signInAs(role, subject.trim());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!settings) return <p>{t('app.loading')}</p>;
  const oidc = userManager(settings);
  return (
    <section className="narrow">
      <h1>{t('signIn.title')}</h1>
      {oidc ? (
        <p>
          <button type="button" className="primary" onClick={() => void oidc.signinRedirect({ state: from ?? null })}>
            {t('signIn.oidc')}
          </button>
        </p>
      ) : null}
      {settings.devSignIn ? (
        <form onSubmit={(e) => void submit(e)} className="card">
          <h2>{t('signIn.devTitle')}</h2>
          <p className="hint">{t('signIn.devHelp')}</p>
          <label>
            {t('signIn.role')}
            <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('signIn.subject')}
            <input
              value={subject}
              required
              pattern="[a-z0-9][a-z0-9._\-]{0,63}"
              autoComplete="username"
              onChange={(e) => setSubject(e.target.value)}
            />
          </label>
          <ProblemAlert error={error} />
          <button type="submit" className="primary" disabled={busy}>
            {t('signIn.submit')}
          </button>
        </form>
      ) : null}
      {!oidc && !settings.devSignIn ? <p>{t('signIn.none')}</p> : null}
    </section>
  );
}
