/**
 * A merchant's and a reviewer's HTTP client for the load tools (soak, bench): every call is timed
 * per endpoint, every state-changing call carries an Idempotency-Key, and a call can be retried
 * with the same key through connection failures and 503s (an API restarting).
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { DEFAULT_POLICY, type Role } from '@mo/domain';
import { createApplicationBody, requiredDocumentsOf, uniquePdf } from './sample-data';

type Json = Record<string, unknown>;

/** The part of an application view the load tools look at. */
export interface View {
  readonly id: string;
  readonly version: number;
  readonly status: string;
  readonly deadline?: { readonly kind: string } | null;
}

export interface Summary {
  readonly endpoint: string;
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentile of ascending `sorted` values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarise(endpoint: string, samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 10) / 10;
  return {
    endpoint,
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

/** Latency per endpoint and answers per status code. */
export class Recorder {
  private readonly samples = new Map<string, number[]>();
  readonly statuses = new Map<number, number>();
  /** Connection failures (the API was down), which have no status. */
  connectionFailures = 0;

  record(endpoint: string, ms: number, status: number): void {
    const list = this.samples.get(endpoint) ?? [];
    list.push(ms);
    this.samples.set(endpoint, list);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  get requests(): number {
    return [...this.statuses.values()].reduce((a, b) => a + b, 0);
  }

  count(predicate: (status: number) => boolean): number {
    return [...this.statuses].filter(([s]) => predicate(s)).reduce((a, [, n]) => a + n, 0);
  }

  summary(): Summary[] {
    return [...this.samples].map(([endpoint, s]) => summarise(endpoint, s));
  }

  reset(): void {
    this.samples.clear();
    this.statuses.clear();
    this.connectionFailures = 0;
  }
}

export class UnexpectedAnswer extends Error {
  constructor(
    readonly endpoint: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${endpoint}: answered ${status} ${JSON.stringify(body).slice(0, 300)}`);
  }
}

export interface ClientOptions {
  readonly apiUrl: string;
  readonly token: (role: Role, sub: string) => Promise<string>;
  /** The simulated bank's ledger, where a merchant reads its micro-deposit. */
  readonly bank: Pool;
  readonly recorder: Recorder;
  /** Retry through connection failures and 503s (same Idempotency-Key) for up to this long. */
  readonly retryForMs?: number;
  /** A pause before each state-changing request, as a person takes between two actions (default none). */
  readonly thinkMs?: number;
}

interface Call {
  readonly role: Role;
  readonly sub: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** The endpoint's name in the statistics (the path with ids replaced). */
  readonly endpoint: string;
  readonly json?: Json;
  readonly form?: () => FormData;
  readonly expect: number;
}

export class OnboardingClient {
  constructor(readonly options: ClientOptions) {}

  async call(c: Call): Promise<Json> {
    const key = c.method === 'POST' ? randomUUID() : undefined;
    if (key !== undefined && this.options.thinkMs) await sleep(this.options.thinkMs);
    const until = Date.now() + (this.options.retryForMs ?? 0);
    for (;;) {
      const headers: Record<string, string> = { authorization: `Bearer ${await this.options.token(c.role, c.sub)}` };
      if (key !== undefined) headers['idempotency-key'] = key;
      if (c.json !== undefined) headers['content-type'] = 'application/json';
      const started = performance.now();
      let res: Response;
      try {
        res = await fetch(`${this.options.apiUrl}${c.path}`, {
          method: c.method,
          headers,
          body: c.form ? c.form() : c.json !== undefined ? JSON.stringify(c.json) : null,
        });
      } catch (err) {
        this.options.recorder.connectionFailures++;
        if (Date.now() < until) {
          await sleep(200);
          continue;
        }
        throw err;
      }
      const body = (await res.json().catch(() => null)) as Json | null;
      this.options.recorder.record(c.endpoint, performance.now() - started, res.status);
      // A restarting dependency, or the same key still running in a process that died: retry.
      const retriable = res.status === 503 || (res.status === 409 && body?.code === 'IDEMPOTENCY_KEY_IN_PROGRESS');
      if (retriable && Date.now() < until) {
        await sleep(Number(res.headers.get('retry-after') ?? '0.2') * 1000);
        continue;
      }
      if (res.status !== c.expect) throw new UnexpectedAnswer(`${c.method} ${c.endpoint}`, res.status, body);
      return body ?? {};
    }
  }

  private post(role: Role, sub: string, id: string, action: string, json: Json = {}, expect = 200): Promise<Json> {
    return this.call({
      role,
      sub,
      method: 'POST',
      path: `/v1/applications/${id}/${action}`,
      endpoint: `/v1/applications/:id/${action}`,
      json,
      expect,
    });
  }

  async create(merchant: string, body: Json = createApplicationBody()): Promise<string> {
    const created = await this.call({
      role: 'merchant',
      sub: merchant,
      method: 'POST',
      path: '/v1/applications',
      endpoint: '/v1/applications',
      json: body,
      expect: 201,
    });
    return created.id as string;
  }

  upload(merchant: string, id: string, type: string): Promise<Json> {
    // The same bytes on every retry: the document store addresses content, so a retry is no new document.
    const file = new Blob([new Uint8Array(uniquePdf())], { type: 'application/pdf' });
    return this.call({
      role: 'merchant',
      sub: merchant,
      method: 'POST',
      path: `/v1/applications/${id}/documents`,
      endpoint: '/v1/applications/:id/documents',
      form: () => {
        const form = new FormData();
        form.set('type', type);
        form.set('file', file, `${type}.pdf`);
        return form;
      },
      expect: 201,
    });
  }

  /** The application; with `changedSince`, a long poll held until a later version (or `waitS`). */
  async view(id: string, changedSince?: number, waitS = 20): Promise<View> {
    return (await this.call({
      role: 'admin',
      // One watcher per application, as each party waits on its own: the API caps the long polls one
      // caller holds at once (LONG_POLL_MAX_PER_CALLER), and a single identity for every load
      // client would hit that cap, not the system's limits.
      sub: `load-watcher-${id}`,
      method: 'GET',
      path: `/v1/applications/${id}${changedSince === undefined ? '' : `?changedSince=${changedSince}&wait=${waitS}`}`,
      endpoint: changedSince === undefined ? '/v1/applications/:id' : '/v1/applications/:id?changedSince (long poll)',
      expect: 200,
    })) as unknown as View;
  }

  /** Reads once, then waits for each change with a long poll until `done` holds. */
  async waitFor(id: string, done: (view: View) => boolean, what: string, timeoutMs = 60_000): Promise<View> {
    const deadline = Date.now() + timeoutMs;
    let view = await this.view(id);
    for (;;) {
      if (done(view)) return view;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${id}: not ${what} within ${timeoutMs} ms (is ${view.status})`);
      view = await this.view(id, view.version, Math.max(1, Math.min(20, Math.ceil(left / 1000))));
    }
  }

  /** Created with a complete profile, the four required documents and the owner's, then submitted. */
  async submitted(merchant: string): Promise<string> {
    const id = await this.create(merchant);
    for (const type of requiredDocumentsOf()) await this.upload(merchant, id, type);
    await this.post('merchant', merchant, id, 'submit');
    return id;
  }

  async claimed(reviewer: string, id: string): Promise<void> {
    await this.waitFor(id, (v) => v.status === 'in_review', 'in review');
    await this.post('reviewer', reviewer, id, 'claim');
  }

  approve = (reviewer: string, id: string): Promise<Json> =>
    this.post('reviewer', reviewer, id, 'decisions', { decision: 'approve' });

  requestChanges = (reviewer: string, id: string, target = 'business_license'): Promise<Json> =>
    this.post('reviewer', reviewer, id, 'decisions', {
      decision: 'request_changes',
      reasons: [{ target, code: 'DOCUMENT_UNREADABLE', message: 'The scan is unreadable' }],
    });

  reject = (reviewer: string, id: string): Promise<Json> =>
    this.post('reviewer', reviewer, id, 'decisions', {
      decision: 'reject',
      code: 'SUSPECTED_FRAUD',
      message: 'The documents do not match the registry',
    });

  /** Uploads a new version of the targeted document and resubmits it. */
  async resubmitDocument(merchant: string, id: string, type = 'business_license'): Promise<Json> {
    const doc = await this.upload(merchant, id, type);
    return this.post('merchant', merchant, id, 'resubmit', { changes: {}, documents: { [type]: doc.id as string } });
  }

  /** Reads the amount off the (simulated) bank statement and confirms it. */
  async confirmMicroDeposit(merchant: string, id: string): Promise<Json> {
    await this.waitFor(id, (v) => v.deadline?.kind === 'micro_deposit', 'awaiting the micro-deposit');
    const { rows } = await this.options.bank.query<{ amount_cents: number }>(
      'SELECT amount_cents FROM payout_transfers WHERE application_id = $1 ORDER BY created_at DESC LIMIT 1',
      [id],
    );
    const amount = `0.${String(rows[0]!.amount_cents).padStart(2, '0')}`;
    return this.post('merchant', merchant, id, 'bank-verification', { amount });
  }

  acceptAgreement = (merchant: string, id: string): Promise<Json> =>
    this.post('merchant', merchant, id, 'agreement', {
      version: DEFAULT_POLICY.agreementVersion,
      signatory: 'Li Lei',
    });

  withdraw = (merchant: string, id: string): Promise<Json> =>
    this.post('merchant', merchant, id, 'withdraw', { reason: 'not now' });

  /** Everything from "I want a merchant wallet" to "my wallet is live". */
  async fullLifecycle(merchant: string, reviewer: string): Promise<string> {
    const id = await this.submitted(merchant);
    await this.claimed(reviewer, id);
    await this.approve(reviewer, id);
    await this.confirmMicroDeposit(merchant, id);
    await this.acceptAgreement(merchant, id);
    await this.waitFor(id, (v) => v.status === 'active', 'active');
    return id;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitForHealth(apiUrl: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${apiUrl}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the API did not become healthy at ${apiUrl} within ${timeoutMs} ms`);
    await sleep(200);
  }
}
