/**
 * Where an action's time goes inside the API over a phase, from the API's own Prometheus
 * histograms (GET /metrics before and after): the whole request, the Temporal Update (workflow
 * task round trip), and the wait after the commit for the read model to hold the write.
 */
import { ACTIONS } from '@mo/contracts';

const HTTP = 'merchant_onboarding_http_request_duration_seconds';
const UPDATE = 'merchant_onboarding_temporal_update_duration_seconds';
const WAIT = 'merchant_onboarding_read_model_wait_seconds';

/** Sum and count of each histogram series, keyed by metric name and its labels. */
export type HistogramSums = ReadonlyMap<string, { readonly sum: number; readonly count: number }>;

export interface ActionTiming {
  readonly endpoint: string;
  readonly update: string | null;
  readonly requests: number;
  /** Means over the phase, in milliseconds. */
  readonly httpMeanMs: number;
  readonly updateMeanMs: number | null;
  readonly readModelWaitMeanMs: number | null;
}

export async function scrapeHistograms(apiUrl: string): Promise<HistogramSums> {
  const res = await fetch(`${apiUrl}/metrics`);
  if (!res.ok) throw new Error(`GET /metrics: ${res.status}`);
  const sums = new Map<string, { sum: number; count: number }>();
  for (const line of (await res.text()).split('\n')) {
    const m = /^(\w+)_(sum|count)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m || ![HTTP, UPDATE, WAIT].includes(m[1]!)) continue;
    const key = `${m[1]}{${m[3]}}`;
    const entry = sums.get(key) ?? { sum: 0, count: 0 };
    entry[m[2] as 'sum' | 'count'] = Number(m[4]);
    sums.set(key, entry);
  }
  return sums;
}

function labelsOf(key: string): Record<string, string> {
  return Object.fromEntries([...key.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

/** Sum and count between two scrapes, over every series of `metric` whose labels match. */
function delta(
  before: HistogramSums,
  after: HistogramSums,
  metric: string,
  match: (labels: Record<string, string>) => boolean,
): { sum: number; count: number } {
  let sum = 0;
  let count = 0;
  for (const [key, now] of after) {
    if (!key.startsWith(`${metric}{`) || !match(labelsOf(key))) continue;
    const then = before.get(key) ?? { sum: 0, count: 0 };
    sum += now.sum - then.sum;
    count += now.count - then.count;
  }
  return { sum, count };
}

const mean = (d: { sum: number; count: number }): number | null =>
  d.count > 0 ? Math.round((d.sum / d.count) * 10_000) / 10 : null;

/** Per state-changing route with requests in the phase: the means of the request, its Update, its wait. */
export function actionTimings(before: HistogramSums, after: HistogramSums): ActionTiming[] {
  const updateOf = new Map<string, string>(
    Object.values(ACTIONS).map((a) => [`/v1/applications/:id${a.route.path ? `/${a.route.path}` : ''}`, a.update.name]),
  );
  updateOf.set('/v1/applications', 'created');
  // An upload to a draft attaches the document with the draft's Update (shared with PATCH).
  updateOf.set('/v1/applications/:id/documents', 'updateDraft');
  const routes = new Set<string>();
  for (const key of after.keys()) {
    const l = labelsOf(key);
    if (key.startsWith(`${HTTP}{`) && l.method !== 'GET' && l.route?.startsWith('/v1/applications'))
      routes.add(l.route);
  }
  const out: ActionTiming[] = [];
  for (const route of [...routes].sort()) {
    const http = delta(
      before,
      after,
      HTTP,
      (l) => l.route === route && l.method !== 'GET' && l.status!.startsWith('2'),
    );
    if (http.count === 0) continue;
    const update = updateOf.get(route) ?? null;
    const forUpdate = (metric: string): number | null =>
      update === null ? null : mean(delta(before, after, metric, (l) => l.update === update && l.outcome !== 'error'));
    out.push({
      endpoint: route,
      update,
      requests: http.count,
      httpMeanMs: mean(http)!,
      updateMeanMs: forUpdate(UPDATE),
      readModelWaitMeanMs: forUpdate(WAIT),
    });
  }
  return out;
}
