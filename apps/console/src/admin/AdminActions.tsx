import type { ReactNode } from 'react';
import type { Application } from '../api/client';
import { CancelForm } from './CancelForm';
import { ReassignForm } from './ReassignForm';
import { RetryOperation } from './RetryOperation';

/** What an admin may do on an application now: retry a held step, reassign, cancel. */
export function AdminActions({ application }: { application: Application }): ReactNode {
  const allowed = new Set(application.allowedActions);
  return (
    <>
      {allowed.has('retry_operation') ? <RetryOperation application={application} /> : null}
      {allowed.has('reassign') ? <ReassignForm application={application} /> : null}
      {allowed.has('cancel') ? <CancelForm application={application} /> : null}
    </>
  );
}
