/**
 * The consistency checker (`npm run verify`): for every application, the workflow (its state and
 * the transitions its history recorded) against the read model and the event log, by content: same
 * status and version, gapless seq, every recorded event in the log with its type and status, the
 * log's last status the read model's; every application workflow has a read-model row; and for an
 * active application exactly one wallet, credential and fee plan and one row per capability.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import type { DataSource } from 'typeorm';
import {
  APPLICATION_WORKFLOW_TYPE,
  stateQuery,
  workflowIdFor,
  WORKFLOW_ID_PREFIX,
  type RecordTransitionInput,
} from '@mo/contracts';
import { TERMINAL_STATUSES, type ApplicationStatus } from '@mo/domain';

export interface Drift {
  readonly applicationId: string;
  readonly problem: string;
}
export interface ConsistencyReport {
  readonly applications: number;
  readonly events: number;
  readonly drift: readonly Drift[];
}

interface Row {
  id: string;
  status: string;
  hold_resume: string | null;
  version: number;
  requested_capabilities: string[];
  events: number;
  max_seq: number | null;
  last_status: string | null;
  wallets: number;
  capabilities: number;
  credentials: number;
  fee_plans: number;
}

export interface ConsistencyOptions {
  readonly applicationIds?: readonly string[];
  /**
   * A workflow may be a transition ahead of the read model for a moment (its activity is writing);
   * a mismatch is reported only if it is still there after this long (re-checked meanwhile).
   */
  readonly settleMs?: number;
  /** Without `applicationIds`: the task queue whose application workflows must each have a row (all if absent). */
  readonly taskQueue?: string;
}

export async function checkConsistency(
  db: DataSource,
  temporal: Client,
  options: ConsistencyOptions = {},
): Promise<ConsistencyReport> {
  const first = await checkOnce(db, temporal, options.applicationIds, options.taskQueue);
  let drift = first.drift;
  const settleBy = Date.now() + (options.settleMs ?? 3_000);
  while (drift.length > 0 && Date.now() < settleBy) {
    await new Promise((r) => setTimeout(r, 250));
    drift = (await checkOnce(db, temporal, [...new Set(drift.map((d) => d.applicationId))], undefined)).drift;
  }
  return { ...first, drift };
}

async function checkOnce(
  db: DataSource,
  temporal: Client,
  applicationIds: readonly string[] | undefined,
  taskQueue: string | undefined,
): Promise<ConsistencyReport> {
  const rows: Row[] = await db.query(
    `SELECT a.id, a.status, a.version, a.requested_capabilities, a.hold->>'resume' AS hold_resume,
            (SELECT count(*)::int FROM application_events e WHERE e.application_id = a.id) AS events,
            (SELECT max(seq) FROM application_events e WHERE e.application_id = a.id) AS max_seq,
            (SELECT e.status FROM application_events e WHERE e.application_id = a.id ORDER BY e.seq DESC LIMIT 1)
              AS last_status,
            (SELECT count(*)::int FROM wallet_accounts w WHERE w.application_id = a.id) AS wallets,
            (SELECT count(*)::int FROM wallet_capabilities c WHERE c.application_id = a.id) AS capabilities,
            (SELECT count(*)::int FROM api_credentials k WHERE k.application_id = a.id) AS credentials,
            (SELECT count(*)::int FROM fee_plan_assignments f WHERE f.application_id = a.id) AS fee_plans
     FROM applications a
     WHERE $1::uuid[] IS NULL OR a.id = ANY($1::uuid[])
     ORDER BY a.created_at`,
    [applicationIds ? [...applicationIds] : null],
  );
  const drift: Drift[] = [];
  let events = 0;
  for (const r of rows) {
    const report = (problem: string): void => void drift.push({ applicationId: r.id, problem });
    events += r.events;
    if (r.events !== r.max_seq || r.events !== r.version) {
      report(`event log has ${r.events} events up to seq ${r.max_seq ?? 0}, read model is at version ${r.version}`);
    }
    if (r.last_status !== null && r.last_status !== r.status) {
      report(`the event log's last event leaves it ${r.last_status}, read model says ${r.status}`);
    }
    await compareWithWorkflow(db, temporal, r, report);
    // Active: every effect exactly once. Activating (or an activation on hold): some may exist
    // already. Otherwise: none at all.
    const effects: [string, number, number][] = [
      ['wallet(s)', r.wallets, 1],
      ['credential(s)', r.credentials, 1],
      ['fee plan(s)', r.fee_plans, 1],
      ['capability row(s)', r.capabilities, r.requested_capabilities.length],
    ];
    for (const [what, actual, whenActive] of effects) {
      const activating = r.status === 'activating' || (r.status === 'on_hold' && r.hold_resume === 'activating');
      const wanted = r.status === 'active' ? whenActive : activating ? Math.min(actual, whenActive) : 0;
      if (actual !== wanted) report(`${actual} ${what} while ${r.status}, expected ${wanted}`);
    }
  }
  // A workflow whose transitions never reached the read model at all.
  const withRow = new Set(rows.map((r) => r.id));
  for (const id of await applicationWorkflows(temporal, applicationIds, taskQueue)) {
    if (!withRow.has(id)) drift.push({ applicationId: id, problem: 'workflow exists, read model has no row' });
  }
  return { applications: rows.length, events, drift };
}

/** The workflow's state and the transitions recorded in its (current run's) history, against the row and the log. */
async function compareWithWorkflow(
  db: DataSource,
  temporal: Client,
  r: Row,
  report: (problem: string) => void,
): Promise<void> {
  const handle = temporal.workflow.getHandle(workflowIdFor(r.id));
  try {
    const state = await handle.query(stateQuery);
    if (state.status !== r.status) report(`workflow says ${state.status}, read model says ${r.status}`);
    if (state.seq !== r.version) report(`workflow is at seq ${state.seq}, read model at ${r.version}`);
    const recorded = await recordedEvents(temporal, await handle.fetchHistory());
    if (recorded.size === 0) return;
    const logged: { seq: number; type: string; status: string }[] = await db.query(
      'SELECT seq, type, status FROM application_events WHERE application_id = $1 AND seq = ANY($2::int[])',
      [r.id, [...recorded.keys()]],
    );
    const bySeq = new Map(logged.map((e) => [e.seq, e]));
    for (const [seq, e] of recorded) {
      const found = bySeq.get(seq);
      if (found === undefined) report(`event ${seq} (${e.type}) is in the workflow's history, not in the event log`);
      else if (found.type !== e.type || found.status !== e.status) {
        report(`event ${seq} is ${e.type} → ${e.status} in the workflow, ${found.type} → ${found.status} in the log`);
      }
    }
  } catch (err) {
    // Closed workflows are deleted after the namespace's retention: a final application is then
    // only in PostgreSQL, which is no drift. An open one must have its workflow.
    if (err instanceof WorkflowNotFoundError && TERMINAL_STATUSES.includes(r.status as ApplicationStatus)) return;
    report(`workflow could not be queried: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The events each recordTransition the history scheduled carried, by seq (decoded with the client's codec). */
async function recordedEvents(
  temporal: Client,
  history: Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>,
): Promise<Map<number, { type: string; status: string }>> {
  const events = new Map<number, { type: string; status: string }>();
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name !== 'recordTransition') continue;
    const [input] = (await decodeArrayFromPayloads(
      temporal.options.loadedDataConverter,
      scheduled.input?.payloads,
    )) as [RecordTransitionInput | undefined];
    for (const e of input?.events ?? []) events.set(e.seq, { type: e.type, status: e.status });
  }
  return events;
}

/** Application ids of the workflows to hold to a row: those asked for that exist, or all on the task queue. */
async function applicationWorkflows(
  temporal: Client,
  applicationIds: readonly string[] | undefined,
  taskQueue: string | undefined,
): Promise<string[]> {
  if (applicationIds !== undefined) {
    const found: string[] = [];
    for (const id of applicationIds) {
      try {
        await temporal.workflow.getHandle(workflowIdFor(id)).describe();
        found.push(id);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
    return found;
  }
  const query = [`WorkflowType = '${APPLICATION_WORKFLOW_TYPE}'`, ...(taskQueue ? [`TaskQueue = '${taskQueue}'`] : [])];
  const ids = new Set<string>();
  for await (const wf of temporal.workflow.list({ query: query.join(' AND ') })) {
    if (wf.workflowId.startsWith(WORKFLOW_ID_PREFIX)) ids.add(wf.workflowId.slice(WORKFLOW_ID_PREFIX.length));
  }
  return [...ids];
}
