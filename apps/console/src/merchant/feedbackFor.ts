import { isCoveredBy } from '@domain/profile';
import type { Application } from '../api/client';

/** Feedback targets → the reason shown next to each field or document. */
export function feedbackFor(application: Application) {
  const targets = application.feedback.map((f) => f.target);
  return {
    targets,
    open: (path: string): boolean => application.status === 'changes_requested' && isCoveredBy(path, targets),
    reasonsAt: (target: string) => application.feedback.filter((f) => f.target === target),
  };
}
