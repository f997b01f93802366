/**
 * Where an action's time goes inside the API over a phase, from the API's own Prometheus
 * histograms (GET /metrics before and after): the whole request, the Temporal Update (workflow
 * task round trip), and the wait after the commit for the read model to hold the write.
 */
import { ACTIONS } from '@mo/contracts';
import { parseScrape, type Scrape } from '../lib/prometheus';

const HTTP = 'merchant_onboarding_http_request_duration_seconds';
const UPDATE = 'merchant_onboarding_temporal_update_duration_seconds';
const WAIT = 'merchant_onboarding_read_model_wait_seconds';

export interface ActionTiming {
  readonly endpoint: string;
  readonly update: string | null;
  readonly requests: number;
  /** Means over the phase, in milliseconds. */
  readonly httpMeanMs: number;
  readonly updateMeanMs: number | null;
  readonly readModelWaitMeanMs: number | null;
}

export async function scrapeApi(apiUrl: string): Promise<Scrape> {
  const res = await fetch(`${apiUrl}/metrics`);
  if (!res.ok) throw new Error(`GET /metrics: ${res.status}`);
  return parseScrape(await res.text());
}

type Labels = Readonly<Record<string, string>>;

/** Sum and count of a histogram between two scrapes, over every series whose labels match. */
function delta(before: Scrape, after: Scrape, metric: string, match: (labels: Labels) => boolean) {
  const total = (scrape: Scrape, name: string): number =>
    scrape.samples.filter((s) => s.name === name && match(s.labels)).reduce((sum, s) => sum + s.value, 0);
  const between = (suffix: string): number => total(after, metric + suffix) - total(before, metric + suffix);
  return { sum: between('_sum'), count: between('_count') };
}

const mean = (d: { sum: number; count: number }): number | null =>
  d.count > 0 ? Math.round((d.sum / d.count) * 10_000) / 10 : null;

/** Per state-changing route with requests in the phase: the means of the request, its Update, its wait. */
export function actionTimings(before: Scrape, after: Scrape): ActionTiming[] {
  const updateOf = new Map<string, string>(
    Object.values(ACTIONS).map((a) => [`/v1/applications/:id${a.route.path ? `/${a.route.path}` : ''}`, a.update.name]),
  );
  updateOf.set('/v1/applications', 'created');
  // An upload to a draft attaches the document with the draft's Update (shared with PATCH).
  updateOf.set('/v1/applications/:id/documents', 'updateDraft');
  const isAction = (l: Labels): boolean => l.method !== 'GET' && (l.route?.startsWith('/v1/applications') ?? false);
  const routes = new Set(
    after.samples.filter((s) => s.name === `${HTTP}_count` && isAction(s.labels)).map((s) => s.labels.route!),
  );
  const out: ActionTiming[] = [];
  for (const route of [...routes].sort()) {
    const http = delta(before, after, HTTP, (l) => isAction(l) && l.route === route && l.status!.startsWith('2'));
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
