import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from './components/Layout';
import { AdminPage } from './pages/Admin';
import { ApplicationPage } from './pages/Application';
import { MerchantApplications, NewApplication } from './pages/MerchantApplications';
import { QueuePage } from './pages/Queue';
import { OidcCallback, SignInPage } from './pages/SignIn';
import { WebhooksPage } from './pages/Webhooks';
import { isStaff, useSession, type Role } from './session';

function home(role: Role): string {
  if (role === 'merchant') return '/applications';
  if (role === 'admin') return '/admin';
  return '/queue';
}

function Guarded({ roles, children }: { roles: (role: Role) => boolean; children: ReactNode }): ReactNode {
  const { session } = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  if (!roles(session.role)) return <Navigate to={home(session.role)} replace />;
  return children;
}

function Home(): ReactNode {
  const { session } = useSession();
  return <Navigate to={session ? home(session.role) : '/sign-in'} replace />;
}

function NotFound(): ReactNode {
  const { t } = useTranslation();
  return <h1>{t('app.notFound')}</h1>;
}

const merchant = (role: Role): boolean => role === 'merchant';
const anyone = (): boolean => true;

export function App(): ReactNode {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="auth/callback" element={<OidcCallback />} />
        <Route
          path="applications"
          element={
            <Guarded roles={merchant}>
              <MerchantApplications />
            </Guarded>
          }
        />
        <Route
          path="applications/new"
          element={
            <Guarded roles={merchant}>
              <NewApplication />
            </Guarded>
          }
        />
        <Route
          path="applications/:id"
          element={
            <Guarded roles={anyone}>
              <ApplicationPage />
            </Guarded>
          }
        />
        <Route
          path="webhooks"
          element={
            <Guarded roles={merchant}>
              <WebhooksPage />
            </Guarded>
          }
        />
        <Route
          path="queue"
          element={
            <Guarded roles={isStaff}>
              <QueuePage />
            </Guarded>
          }
        />
        <Route
          path="admin"
          element={
            <Guarded roles={(r) => r === 'admin'}>
              <AdminPage />
            </Guarded>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export { home };
