import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AdminPage } from './admin/AdminPage';
import { ApplicationPage } from './application/ApplicationPage';
import { home } from './auth/home';
import { OidcCallback } from './auth/OidcCallback';
import { isStaff, useSession, type Role } from './auth/session';
import { SignInPage } from './auth/SignInPage';
import { Layout } from './Layout';
import { MerchantApplications } from './merchant/MerchantApplicationsPage';
import { NewApplication } from './merchant/NewApplicationPage';
import { QueuePage } from './queue/QueuePage';
import { WebhooksPage } from './webhooks/WebhooksPage';

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
