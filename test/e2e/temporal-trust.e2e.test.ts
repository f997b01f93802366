/**
 * Temporal is not a way around the API: whoever can reach the Temporal frontend but holds no codec
 * key cannot act on an application. An unencrypted Update (the Temporal CLI, or a client without
 * the codec) is rejected by the workflow before it is accepted: nothing is applied, nothing lands
 * in the history, and the application stays healthy and actionable through the API.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { DEFAULT_POLICY } from '@mo/domain';
import { AesGcmPayloadCodec, parseCodecKeys } from '@mo/temporal';
import { connectDatabase } from '../support/database';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';
import { temporalAddress } from '../support/temporal';

const run = promisify(execFile);

let stack: Stack;
let db: DataSource;
let http: HttpDriver;
let outsider: Client;

beforeAll(async () => {
  stack = await startStack('temporal-trust');
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
  // Reaches Temporal, but has no codec key: its payloads are plain JSON.
  outsider = new Client({ connection: await Connection.connect({ address: temporalAddress() }) });
});
afterAll(async () => {
  await outsider.connection.close();
  await stack.stop();
  await db.destroy();
});

const merchantId = (name: string): string => `${name}-${Math.random().toString(36).slice(2, 8)}`;

/** The history holds no failed workflow task and no accepted update from the outsider. */
async function historyFacts(id: string): Promise<{ failedTasks: number; updateIds: string[] }> {
  const history = await stack.temporal.workflow.getHandle(`merchant-application:${id}`).fetchHistory();
  const events = history.events ?? [];
  return {
    failedTasks: events.filter((e) => e.workflowTaskFailedEventAttributes).length,
    updateIds: events.flatMap((e) =>
      e.workflowExecutionUpdateAcceptedEventAttributes
        ? [e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.meta?.updateId ?? '']
        : [],
    ),
  };
}

describe('unencrypted updates sent straight to Temporal', () => {
  it('a client without the codec impersonating the claiming reviewer is refused; nothing applied; the API still acts', async () => {
    const m = merchantId('outsider-client');
    const id = await http.inReview(m, 'alice');
    const before = await http.view(id);

    const handle = outsider.workflow.getHandle(`merchant-application:${id}`);
    const attempt = handle.executeUpdate('decide', {
      args: [{ actor: { id: 'alice', role: 'reviewer' }, decision: 'approve' }],
      updateId: `outsider-${id}`,
    });
    // Rejected by the workflow; the rejection itself is encrypted, so this client cannot even read why.
    await expect(attempt).rejects.toThrow();

    const after = await http.view(id);
    expect(after).toMatchObject({ status: 'in_review', version: before.version });
    const facts = await historyFacts(id);
    expect(facts.updateIds).not.toContain(`outsider-${id}`);
    expect(facts.failedTasks).toBe(0);

    // The application is not wedged: the real reviewer acts through the API right away.
    const approved = await http.post('reviewer', 'alice', `/v1/applications/${id}/decisions`, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('bank_verification');
    expect((await historyFacts(id)).failedTasks).toBe(0);
  });

  it('a payload "encrypted" under a key the worker does not hold is refused the same way, without failing a task', async () => {
    const m = merchantId('outsider-forged');
    const id = await http.inReview(m, 'alice');
    const before = await http.view(id);
    // The right key id and format, the wrong key: decryption fails its authentication.
    const forger = new Client({
      connection: outsider.connection,
      dataConverter: {
        payloadCodecs: [
          new AesGcmPayloadCodec(parseCodecKeys(`current:${Buffer.alloc(32, 9).toString('base64')}`, 'current')),
        ],
      },
    });
    await expect(
      forger.workflow.getHandle(`merchant-application:${id}`).executeUpdate('decide', {
        args: [{ actor: { id: 'alice', role: 'reviewer' }, decision: 'approve' }],
        updateId: `forged-${id}`,
      }),
    ).rejects.toThrow();
    expect(await http.view(id)).toMatchObject({ status: 'in_review', version: before.version });
    const facts = await historyFacts(id);
    expect(facts.updateIds).not.toContain(`forged-${id}`);
    expect(facts.failedTasks).toBe(0);
    const approved = await http.post('reviewer', 'alice', `/v1/applications/${id}/decisions`, { decision: 'approve' });
    expect(approved.body.status).toBe('bank_verification');
  });

  it('the Temporal CLI (`temporal workflow update execute`) as a senior reviewer is refused the same way', async () => {
    const cli = process.env.TEST_TEMPORAL_CLI_PATH;
    if (!cli) throw new Error('TEST_TEMPORAL_CLI_PATH is not set (the global setup provides it)');
    const m = merchantId('outsider-cli');
    const id = await http.inReview(m, 'alice');
    const before = await http.view(id);

    const attempt = run(
      cli,
      [
        'workflow',
        'update',
        'execute',
        '--address',
        temporalAddress(),
        '--workflow-id',
        `merchant-application:${id}`,
        '--name',
        'release',
        '--update-id',
        `cli-${id}`,
        '--input',
        JSON.stringify({ actor: { id: 'alice', role: 'reviewer' } }),
      ],
      { timeout: 30_000 },
    );
    await expect(attempt).rejects.toMatchObject({ code: 1 });

    expect(await http.view(id)).toMatchObject({
      status: 'in_review',
      version: before.version,
      assignee: { id: 'alice' },
    });
    const facts = await historyFacts(id);
    expect(facts.updateIds).not.toContain(`cli-${id}`);
    expect(facts.failedTasks).toBe(0);
    const released = await http.post('reviewer', 'alice', `/v1/applications/${id}/release`, {});
    expect(released.status).toBe(200);
    expect(released.body.assignee).toBeNull();
  });

  it('a workflow started without the codec never records an application', async () => {
    const id = randomUUID();
    const handle = await outsider.workflow.start('merchantApplicationWorkflow', {
      workflowId: `merchant-application:${id}`,
      taskQueue: stack.taskQueue,
      args: [
        {
          applicationId: id,
          merchantId: 'victim',
          profileRevision: 1,
          capabilities: [],
          policy: DEFAULT_POLICY,
          actor: { id: 'victim', role: 'merchant' },
        },
      ],
    });
    try {
      await new Promise((r) => setTimeout(r, 3_000));
      const rows: unknown[] = await db.query('SELECT seq FROM application_events WHERE application_id = $1', [id]);
      expect(rows).toHaveLength(0);
    } finally {
      await handle.terminate('test cleanup');
    }
  });
});

describe('authentic payloads replayed onto another application', () => {
  /** The input payload of the first accepted `name` update in an application's history. */
  async function acceptedInput(id: string, name: string): Promise<Payload> {
    const history = await stack.temporal.workflow.getHandle(`merchant-application:${id}`).fetchHistory();
    for (const e of history.events ?? []) {
      const req = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
      if (req?.input?.name === name) return req.input.args!.payloads![0]!;
    }
    throw new Error(`no accepted ${name} update in ${id}`);
  }

  it("a reviewer's approval copied from one application's history onto another is refused, without failing a task", async () => {
    const first = await http.inReview(merchantId('replay-source'), 'alice');
    const second = await http.inReview(merchantId('replay-target'), 'alice');
    const approved = await http.post('reviewer', 'alice', `/v1/applications/${first}/decisions`, {
      decision: 'approve',
    });
    expect(approved.status).toBe(200);
    const stolen = await acceptedInput(first, 'decide');
    expect(Buffer.from(stolen.metadata!.encoding!).toString()).toBe('binary/encrypted');
    const before = await http.view(second);

    // Whoever reaches Temporal sends the authentic payload, byte for byte, as an update to the other one.
    const replayer = new Client({
      connection: outsider.connection,
      dataConverter: { payloadCodecs: [{ encode: async () => [stolen], decode: async (p: Payload[]) => p }] },
    });
    await expect(
      replayer.workflow.getHandle(`merchant-application:${second}`).executeUpdate('decide', {
        args: [{}],
        updateId: `replayed-${second}`,
      }),
    ).rejects.toThrow();

    expect(await http.view(second)).toMatchObject({ status: 'in_review', version: before.version });
    const facts = await historyFacts(second);
    expect(facts.updateIds).not.toContain(`replayed-${second}`);
    expect(facts.failedTasks).toBe(0);
    const own = await http.post('reviewer', 'alice', `/v1/applications/${second}/decisions`, { decision: 'approve' });
    expect(own.body.status).toBe('bank_verification');
    expect((await historyFacts(second)).failedTasks).toBe(0);
  });

  it("the operators' codec only decodes: there is no /codec/encode to mint authentic payloads", async () => {
    await request(stack.http)
      .post('/codec/encode')
      .set(await http.as('admin', 'root'))
      .send({ payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: '' }] })
      .expect(404);
  });
});
