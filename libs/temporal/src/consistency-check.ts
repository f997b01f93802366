/**
 * The consistency checker (`npm run verify`): for every application, the workflow's own state (a
 * query) against the read model and the event log: same status and version, gapless seq, and for
 * an active application exactly one wallet, credential and fee plan and one row per capability.
 */
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { stateQuery, workflowIdFor } from '@mo/contracts';

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
}

export async function checkConsistency(
  db: DataSource,
  temporal: Client,
  options: ConsistencyOptions = {},
): Promise<ConsistencyReport> {
  const first = await checkOnce(db, temporal, options.applicationIds);
  let drift = first.drift;
  const settleBy = Date.now() + (options.settleMs ?? 3_000);
  while (drift.length > 0 && Date.now() < settleBy) {
    await new Promise((r) => setTimeout(r, 250));
    drift = (await checkOnce(db, temporal, [...new Set(drift.map((d) => d.applicationId))])).drift;
  }
  return { ...first, drift };
}

async function checkOnce(
  db: DataSource,
  temporal: Client,
  applicationIds: readonly string[] | undefined,
): Promise<ConsistencyReport> {
  const rows: Row[] = await db.query(
    `SELECT a.id, a.status, a.version, a.requested_capabilities, a.hold->>'resume' AS hold_resume,
            (SELECT count(*)::int FROM application_events e WHERE e.application_id = a.id) AS events,
            (SELECT max(seq) FROM application_events e WHERE e.application_id = a.id) AS max_seq,
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
    try {
      const state = await temporal.workflow.getHandle(workflowIdFor(r.id)).query(stateQuery);
      if (state.status !== r.status) report(`workflow says ${state.status}, read model says ${r.status}`);
      if (state.seq !== r.version) report(`workflow is at seq ${state.seq}, read model at ${r.version}`);
    } catch (err) {
      report(`workflow could not be queried: ${err instanceof Error ? err.message : String(err)}`);
    }
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
  return { applications: rows.length, events, drift };
}
