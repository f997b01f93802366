import { useSearchParams } from 'react-router';
import type { operations } from '../api/schema';

export type QueueQuery = NonNullable<operations['ReviewController_queue']['parameters']['query']>;

/** The filters live in the URL: a refresh, a shared link or the back button keeps the place. */
export function useQueueFilters(): [QueueQuery, (next: Partial<Record<string, string>>) => void] {
  const [params, setParams] = useSearchParams();
  const get = (name: string): string | undefined => params.get(name) ?? undefined;
  const bool = (name: string): boolean | undefined => (get(name) === undefined ? undefined : get(name) === 'true');
  const iso = (name: string): string | undefined => {
    const v = get(name);
    return v ? new Date(`${v}T00:00:00Z`).toISOString() : undefined;
  };
  const query: QueueQuery = {
    status: get('status') as QueueQuery['status'],
    risk: get('risk') as QueueQuery['risk'],
    escalated: bool('escalated'),
    claimed: bool('claimed'),
    assignee: get('assignee'),
    submittedAfter: iso('submittedAfter'),
    submittedBefore: iso('submittedBefore'),
    limit: 25,
  };
  const set = (next: Partial<Record<string, string>>): void => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) merged.set(k, v);
      else merged.delete(k);
    }
    setParams(merged, { replace: true });
  };
  return [Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)), set];
}
