import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, unwrap, type Application } from '../api/client';

export const applicationKey = (id: string): readonly unknown[] => ['application', id];

/** Answers can arrive out of order (a read started before an action, answered after it): keep the newest. */
export function newest(current: Application | undefined, next: Application): Application {
  return current && current.version > next.version ? current : next;
}

/**
 * The application, kept live: after each answer the console asks the API to hold the next read
 * until the version moves (long poll, `changedSince` + `wait`), so prechecks finishing or a
 * reviewer's decision appear without reloading and without polling.
 */
export function useApplication(id: string): UseQueryResult<Application> {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: applicationKey(id),
    queryFn: async ({ signal }) => {
      const fresh = unwrap(await api.GET('/v1/applications/{id}', { params: { path: { id } }, signal }));
      // Compared with the cache as it is when the answer arrives, not when the request left.
      return newest(client.getQueryData<Application>(applicationKey(id)), fresh);
    },
  });
  const version = query.data?.version;
  useEffect(() => {
    if (version === undefined) return;
    const controller = new AbortController();
    const wait = async (): Promise<void> => {
      try {
        const result = await api.GET('/v1/applications/{id}', {
          params: { path: { id }, query: { changedSince: version, wait: 25 } },
          signal: controller.signal,
        });
        if (controller.signal.aborted) return;
        const fresh = result.data;
        if (fresh && fresh.version > version) {
          client.setQueryData<Application>(applicationKey(id), (current) => newest(current, fresh));
        } else if (result.response.ok) void wait();
      } catch {
        // aborted, or the network blinked: the next render or focus refetches
      }
    };
    void wait();
    return () => controller.abort();
  }, [id, version, client]);
  return query;
}

/** After an action the answer is the application as it now is: show it at once. */
export function useApplicationAnswer(): (application: Application) => void {
  const client = useQueryClient();
  return (application) => {
    client.setQueryData<Application>(applicationKey(application.id), (current) => newest(current, application));
    void client.invalidateQueries({ queryKey: ['events', application.id] });
  };
}
