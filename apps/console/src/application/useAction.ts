/**
 * One allowed action on one application as a mutation: the call (route from the action table), the
 * answer shown at once (and the timeline refreshed), and the refusal kept in `error` for the form.
 */
import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import { perform, type ActionBody, type ActionName } from '../api/actions';
import type { Application } from '../api/client';
import { useApplicationAnswer } from './useApplication';

export interface ActionOptions {
  /** A step within the same action, before it (a draft's unsaved changes are saved before it is submitted). */
  readonly before?: () => Promise<unknown>;
  /** What the form does once the action is done (clear a field, start again from what is stored). */
  readonly onDone?: (application: Application) => void;
  /** The route's parameters besides the application id (a screening hit's `hitId`). */
  readonly path?: Readonly<Record<string, string>>;
}

export function useAction<A extends ActionName>(
  action: A,
  applicationId: string,
  options: ActionOptions = {},
): UseMutationResult<Application, Error, ActionBody<A>> {
  const answered = useApplicationAnswer();
  return useMutation({
    mutationFn: async (body: ActionBody<A>) => {
      await options.before?.();
      return perform(action, applicationId, body, options.path);
    },
    onSuccess: (application) => {
      options.onDone?.(application);
      answered(application);
    },
  });
}
