/**
 * Who is signed in. The bearer token comes from the identity provider (OpenID Connect
 * authorization code with PKCE, by oidc-client-ts) or, in development only, from the API's
 * "sign in as" route. The role and subject are read from the token the API will verify.
 */
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, unwrap, useCredentials, type Schemas } from '../api/client';

export type Role = Schemas['DevSignInRequest']['role'];
export interface Session {
  readonly token: string;
  readonly role: Role;
  readonly subject: string;
  readonly expiresAt: number;
  readonly via: 'oidc' | 'dev';
}
export type Settings = Schemas['ConsoleSettingsView'];

const STORAGE_KEY = 'mo.session';

/** The claims the API reads (the signature is the API's to check). */
export function claimsOf(token: string): { role: Role; sub: string; exp: number } | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { role?: unknown; sub?: unknown; exp?: unknown };
    if (typeof claims.role !== 'string' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number')
      return null;
    return { role: claims.role as Role, sub: claims.sub, exp: claims.exp };
  } catch {
    return null;
  }
}

function stored(): Session | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    return session && session.expiresAt > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function userManager(settings: Settings): UserManager | null {
  if (!settings.oidc) return null;
  return new UserManager({
    authority: settings.oidc.issuer,
    client_id: settings.oidc.clientId,
    scope: settings.oidc.scope,
    redirect_uri: `${window.location.origin}/auth/callback`,
    post_logout_redirect_uri: `${window.location.origin}/sign-in`,
    response_type: 'code',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}

interface SessionContext {
  readonly session: Session | null;
  readonly settings: Settings | null;
  readonly signInAs: (role: Role, subject: string) => Promise<void>;
  /** Completes an OIDC redirect: the access token becomes the bearer token. */
  readonly adopt: (token: string) => Session;
  /** Signing out (of the identity provider too); an expired token only clears the console's session. */
  readonly signOut: () => void;
}

const Context = createContext<SessionContext | null>(null);

export function SessionProvider({ children }: { children: ReactNode }): ReactNode {
  const [session, setSession] = useState<Session | null>(stored);
  const [settings, setSettings] = useState<Settings | null>(null);

  const keep = useCallback((next: Session | null) => {
    if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else sessionStorage.removeItem(STORAGE_KEY);
    setSession(next);
  }, []);
  const signOut = useCallback(() => keep(null), [keep]);
  useCredentials(session?.token ?? null, signOut);
  /** A person signing out ends the identity provider's session too, not just the console's. */
  const endSession = useCallback(() => {
    const via = session?.via;
    keep(null);
    const manager = settings ? userManager(settings) : null;
    if (via === 'oidc' && manager) void manager.signoutRedirect().catch(() => undefined);
  }, [session, settings, keep]);

  useEffect(() => {
    void api.GET('/v1/console/settings', {}).then((r) => setSettings(unwrap(r)));
  }, []);

  const value = useMemo<SessionContext>(
    () => ({
      session,
      settings,
      async signInAs(role, subject) {
        const answer = unwrap(await api.POST('/v1/dev/sign-in', { body: { role, subject } }));
        keep({ token: answer.token, role, subject, expiresAt: Date.parse(answer.expiresAt), via: 'dev' });
      },
      adopt(token) {
        const claims = claimsOf(token);
        if (!claims) throw new Error('The identity provider issued a token without a role');
        const next: Session = {
          token,
          role: claims.role,
          subject: claims.sub,
          expiresAt: claims.exp * 1000,
          via: 'oidc',
        };
        keep(next);
        return next;
      },
      signOut: endSession,
    }),
    [session, settings, keep, endSession],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionContext {
  const context = useContext(Context);
  if (!context) throw new Error('useSession outside SessionProvider');
  return context;
}

export const isStaff = (role: Role): boolean => role === 'reviewer' || role === 'senior_reviewer' || role === 'admin';
