import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ProblemAlert } from '../ui/ProblemAlert';
import { home } from './home';
import { useSession, userManager } from './session';

/** The identity provider redirects here with the authorization code; PKCE is checked by oidc-client-ts. */
export function OidcCallback(): ReactNode {
  const { t } = useTranslation();
  const { settings, adopt } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const done = useRef(false);
  useEffect(() => {
    if (!settings || done.current) return;
    done.current = true;
    const manager = userManager(settings);
    if (!manager) return;
    manager
      .signinRedirectCallback()
      .then((user) => {
        const session = adopt(user.access_token);
        const from = typeof user.state === 'string' ? user.state : null;
        void navigate(from ?? home(session.role), { replace: true });
      })
      .catch(setError);
  }, [settings, adopt, navigate]);
  return (
    <section className="narrow">
      <p>{t('signIn.callback')}</p>
      <ProblemAlert error={error} />
    </section>
  );
}
