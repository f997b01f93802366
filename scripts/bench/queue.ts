/**
 * The review queue at scale: applications seeded through the projection (the domain decides, and
 * TransitionRepository.record appends the events and projects the read model, as the worker does),
 * then the queue timed over HTTP and as SQL (the API's own repository), with EXPLAIN per filter.
 */
import { randomUUID } from 'node:crypto';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import {
  DEFAULT_POLICY,
  decide,
  isDomainError,
  SYSTEM_ACTOR,
  type Actor,
  type ApplicationState,
  type Command,
  type DomainEvent,
  type RiskLevel,
} from '@mo/domain';
import {
  ApplicationRepository,
  dataSourceOptions,
  TransitionRepository,
  type ReviewQueueFilter,
} from '@mo/persistence';
import { summarise, type OnboardingClient, type Summary } from '../lib/onboarding-client';
import { pool, round } from './load';

const DAY = 86_400_000;

/** A small deterministic generator, so every run seeds the same mix. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface SeededApplication {
  readonly state: ApplicationState;
  readonly events: readonly DomainEvent[];
}

/**
 * One application's history as the domain produces it: 20% drafts, 10% reviewed and rejected, 70%
 * in review (risk 50/30/20% low/medium/high; 30% claimed; 10% escalated; claimed high-risk ones
 * approved once, so awaiting a second approval), submitted over the last 30 days.
 */
export function seededApplication(runId: string, i: number, now: number): SeededApplication {
  const rnd = random(i + 1);
  const merchant: Actor = { role: 'merchant', id: `${seedPrefix(runId)}${i}` };
  const reviewer: Actor = { role: 'reviewer', id: reviewerId(runId, i % 50) };
  let at = now - rnd() * 30 * DAY;
  const events: DomainEvent[] = [];
  let state: ApplicationState | null = null;
  const step = (command: Command, advanceMs = 60_000): void => {
    at += advanceMs;
    const result = decide(state, command, new Date(at));
    if (isDomainError(result)) throw new Error(`seeding ${command.type}: ${result.message}`);
    state = result.state;
    events.push(...result.events);
  };
  step({
    type: 'create',
    actor: merchant,
    applicationId: randomUUID(),
    merchantId: merchant.id,
    profileRevision: 1,
    capabilities: ['qr_payments'],
    policy: DEFAULT_POLICY,
  });
  const kind = i % 10;
  if (kind >= 2) {
    step({ type: 'submit', actor: merchant });
    const r = rnd();
    const riskLevel: RiskLevel = r < 0.5 ? 'low' : r < 0.8 ? 'medium' : 'high';
    step({ type: 'complete_prechecks', actor: SYSTEM_ACTOR, riskLevel, findings: [], outcome: { kind: 'review' } });
    if (kind === 2) {
      step({ type: 'claim', actor: reviewer });
      step({ type: 'reject', actor: reviewer, code: 'SUSPECTED_FRAUD', message: 'The documents do not match' });
    } else {
      if (rnd() < 0.1)
        step({ type: 'escalate_review', actor: SYSTEM_ACTOR }, DEFAULT_POLICY.reviewSlaHours * 3_600_000);
      if (rnd() < 0.3) {
        step({ type: 'claim', actor: reviewer });
        if (riskLevel === 'high' && rnd() < 0.5) step({ type: 'approve', actor: reviewer });
      }
    }
  }
  return { state: state!, events };
}

/** Seeded merchants only: the bench's real applications (lifecycles) are left alone. */
export const seedPrefix = (runId: string): string => `${runId}-seed-m`;

export const reviewerId = (runId: string, n: number): string => `${runId}-r${n}`;

export interface SeedResult {
  readonly rows: number;
  readonly events: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly concurrency: number;
}

/** Seeds `rows` applications through TransitionRepository.record, `concurrency` transactions at a time. */
export async function seedQueue(
  databaseUrl: string,
  runId: string,
  rows: number,
  concurrency: number,
  log: (line: string) => void,
  /** Shifts every timestamp (a shared database keeps seeded reviews behind real ones). */
  offsetMs = 0,
): Promise<SeedResult> {
  const options = dataSourceOptions(databaseUrl, 'mo-bench-seed');
  const db = await new DataSource({ ...options, extra: { max: concurrency } }).initialize();
  const projection = new TransitionRepository(db);
  const now = Date.now() + offsetMs;
  let events = 0;
  let done = 0;
  const started = performance.now();
  try {
    await pool(rows, concurrency, async (i) => {
      const app = seededApplication(runId, i, now);
      // One transaction per application: its whole history, projected once, like a replayed stream.
      await projection.record(app.state, app.events);
      events += app.events.length;
      if (++done % 10_000 === 0) log(`queue: seeded ${done}/${rows}`);
    });
    await db.query('ANALYZE applications');
  } finally {
    await db.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  return { rows, events, seconds: round(seconds, 2), rowsPerSecond: Math.round(rows / seconds), concurrency };
}

/** Removes what seedQueue wrote (its merchants' rows), for shared databases. */
export async function cleanQueue(databaseUrl: string, runId: string): Promise<number> {
  const db = await new DataSource(dataSourceOptions(databaseUrl, 'mo-bench-clean')).initialize();
  try {
    const like = `${seedPrefix(runId)}%`;
    await db.query(
      `DELETE FROM application_events WHERE application_id IN (SELECT id FROM applications WHERE merchant_id LIKE $1)`,
      [like],
    );
    await db.query(`DELETE FROM notifications WHERE merchant_id LIKE $1`, [like]);
    const [, deleted] = await db.query<[unknown, number]>(`DELETE FROM applications WHERE merchant_id LIKE $1`, [like]);
    return deleted;
  } finally {
    await db.destroy();
  }
}

interface QueueCase {
  readonly name: string;
  readonly query: string;
  readonly filter: ReviewQueueFilter;
}

/** The API's cursor: base64url of [slaDueAt, id] (see review.controller.ts). */
const cursor = (slaDueAt: string, id: string): string =>
  Buffer.from(JSON.stringify([slaDueAt, id])).toString('base64url');

export interface QueueMeasurement {
  readonly rowsInReadModel: number;
  readonly rowsInQueue: number;
  readonly http: Summary;
  readonly sql: Summary;
  readonly perFilter: readonly {
    name: string;
    query: string;
    items: number;
    http: Summary;
    sql: Summary;
    explainMs: number;
    usesIndex: string[];
  }[];
  readonly explain: readonly { name: string; sql: string; plan: string }[];
}

class CapturingLogger implements TypeOrmLogger {
  last: { query: string; parameters: unknown[] } | null = null;
  logQuery(query: string, parameters?: unknown[]): void {
    this.last = { query, parameters: parameters ?? [] };
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export async function measureQueue(
  databaseUrl: string,
  client: OnboardingClient,
  runId: string,
  samples: number,
): Promise<QueueMeasurement> {
  const logger = new CapturingLogger();
  const options = dataSourceOptions(databaseUrl, 'mo-bench-queue');
  const db = await new DataSource({ ...options, logger }).initialize();
  try {
    const repository = new ApplicationRepository(db);
    const [{ total }] = await db.query<[{ total: number }]>('SELECT count(*)::int AS total FROM applications');
    const [{ queued }] = await db.query<[{ queued: number }]>(
      `SELECT count(*)::int AS queued FROM applications WHERE status IN ('in_review', 'awaiting_second_approval')`,
    );
    const [middle] = await db.query<{ sla_due_at: Date; id: string }[]>(
      `SELECT sla_due_at, id FROM applications WHERE status IN ('in_review', 'awaiting_second_approval')
       ORDER BY sla_due_at, id OFFSET $1 LIMIT 1`,
      [Math.floor(queued / 2)],
    );
    const reviewer = reviewerId(runId, 7);
    const weekAgo = new Date(Date.now() - 7 * DAY).toISOString();
    const cases: QueueCase[] = [
      { name: 'all (first page)', query: '', filter: {} },
      { name: 'unclaimed', query: 'claimed=false', filter: { claimed: false } },
      { name: 'high risk', query: 'risk=high', filter: { risk: 'high' } },
      { name: 'escalated', query: 'escalated=true', filter: { escalated: true } },
      { name: 'assignee=me', query: 'assignee=me', filter: { assignee: reviewer } },
      {
        name: 'awaiting second approval',
        query: 'status=awaiting_second_approval',
        filter: { status: 'awaiting_second_approval' },
      },
      {
        name: 'unclaimed, medium, last 7 days',
        query: `claimed=false&risk=medium&submittedAfter=${encodeURIComponent(weekAgo)}`,
        filter: { claimed: false, risk: 'medium', submittedAfter: weekAgo },
      },
    ];
    if (middle) {
      const at = middle.sla_due_at.toISOString();
      cases.push({
        name: 'page in the middle (cursor)',
        query: `after=${cursor(at, middle.id)}`,
        filter: { after: { slaDueAt: at, id: middle.id } },
      });
    }

    const perFilter: QueueMeasurement['perFilter'][number][] = [];
    const explain: { name: string; sql: string; plan: string }[] = [];
    const allSql: number[] = [];
    const allHttp: number[] = [];
    for (const c of cases) {
      const endpoint = `GET /v1/review/queue?${c.name}`;
      const http: number[] = [];
      const sql: number[] = [];
      let items = 0;
      // Warm once (connections, plan cache), then interleave HTTP and SQL samples.
      await repository.reviewQueue(c.filter, 50);
      for (let i = 0; i < samples; i++) {
        const t0 = performance.now();
        const page = await client.call({
          role: 'reviewer',
          sub: reviewer,
          method: 'GET',
          path: `/v1/review/queue${c.query ? `?${c.query}` : ''}`,
          endpoint,
          expect: 200,
        });
        http.push(performance.now() - t0);
        items = (page.items as unknown[]).length;
        const t1 = performance.now();
        await repository.reviewQueue(c.filter, 50);
        sql.push(performance.now() - t1);
      }
      const captured = logger.last!;
      const planRows = await db.query<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN (ANALYZE, BUFFERS) ${captured.query}`,
        captured.parameters,
      );
      const plan = planRows.map((r) => r['QUERY PLAN']).join('\n');
      explain.push({ name: c.name, sql: captured.query, plan });
      const explainMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
      const usesIndex = [
        ...new Set(
          [...plan.matchAll(/(?:Index|Index Only|Bitmap Index) Scan (?:Backward )?(?:using|on) (\w+)/g)].map(
            (m) => m[1]!,
          ),
        ),
      ];
      perFilter.push({
        name: c.name,
        query: c.query,
        items,
        http: summarise(endpoint, http),
        sql: summarise(`sql ${c.name}`, sql),
        explainMs,
        usesIndex,
      });
      allSql.push(...sql);
      allHttp.push(...http);
    }
    return {
      rowsInReadModel: total,
      rowsInQueue: queued,
      http: summarise('GET /v1/review/queue (all filters)', allHttp),
      sql: summarise('reviewQueue SQL (all filters)', allSql),
      perFilter,
      explain,
    };
  } finally {
    await db.destroy();
  }
}
