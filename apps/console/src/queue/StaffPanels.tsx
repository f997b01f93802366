import type { ReactNode } from 'react';
import { AdminActions } from '../admin/AdminActions';
import { ScreeningPanel } from '../application/ScreeningPanel';
import type { Application } from '../api/client';
import { Changes } from './Changes';
import { ClaimBar } from './ClaimBar';
import { DecisionForm } from './DecisionForm';
import { FourEyes } from './FourEyes';
import { NoteForm } from './NoteForm';
import { ProfileView } from './ProfileView';
import { Risk } from './Risk';

/** A reviewer's work on one application: claim it, read the findings and changes, decide, note. */
export function StaffPanels({ application }: { application: Application }): ReactNode {
  const allowed = new Set(application.allowedActions);
  return (
    <div className="staff">
      <ClaimBar application={application} />
      <FourEyes application={application} />
      <Risk application={application} />
      <ScreeningPanel application={application} />
      <Changes application={application} />
      {/* A half-written decision survives unrelated changes (a colleague's note); a new claim or round starts afresh. */}
      <DecisionForm
        key={`${application.status}:${application.round}:${application.assignee?.id ?? ''}`}
        application={application}
      />
      <AdminActions key={`admin:${application.status}`} application={application} />
      <ProfileView application={application} />
      {allowed.has('add_note') ? <NoteForm application={application} /> : null}
    </div>
  );
}
