/**
 * One approve is one trace: the HTTP request's server span, the Temporal client's Update, the
 * workflow's Update handler and the recordTransition activity it runs, linked parent to child.
 * The spans go to an in-memory exporter (production exports by OTLP when OTEL_EXPORTER_OTLP_* is set).
 */
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { DataSource } from 'typeorm';
import { startTracing, type Tracing } from '@mo/observability';
import { connectDatabase } from '../support/database';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;
let stack: Stack;
let db: DataSource;
let http: HttpDriver;

beforeAll(async () => {
  // Before the app and the worker exist, as main.ts does.
  tracing = startTracing('merchant-onboarding-test', { exporter });
  stack = await startStack('tracing');
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
  await tracing?.shutdown();
});

const hex = (id: string | undefined): string => id ?? '';
const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanId;

describe('tracing', () => {
  it('one approve is one trace from the HTTP request to the recordTransition activity', async () => {
    expect(tracing).toBeDefined();
    const id = await http.inReview('trace-merchant');
    exporter.reset();
    await http.post('reviewer', 'alice', `/v1/applications/${id}/decisions`, { decision: 'approve' }, 200);

    const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
    const server = (): ReadableSpan | undefined =>
      spans().find(
        (s) =>
          s.kind === SpanKind.SERVER &&
          String(s.attributes['http.target'] ?? s.attributes['url.path'] ?? '').endsWith(`/${id}/decisions`),
      );
    // Workflow spans arrive through the sink after the workflow task completes; the activity's
    // StartActivity span ends with the activity, in the workflow task after the answer.
    const deadline = Date.now() + 10_000;
    let run: ReadableSpan | undefined;
    while (Date.now() < deadline) {
      const root = server();
      const traced = (name: string): ReadableSpan | undefined =>
        root && spans().find((s) => s.name === name && s.spanContext().traceId === root.spanContext().traceId);
      run = traced('RunActivity:recordTransition');
      if (run && traced('StartActivity:recordTransition')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const root = server();
    expect(root).toBeDefined();
    expect(root!.name).toBe('POST /v1/applications/:id/decisions');
    expect(root!.attributes['http.route']).toBe('/v1/applications/:id/decisions');
    const traceId = root!.spanContext().traceId;
    const inTrace = spans().filter((s) => s.spanContext().traceId === traceId);
    const byId = new Map(inTrace.map((s) => [s.spanContext().spanId, s]));
    const names = inTrace.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'StartWorkflowUpdate:decide',
        'HandleUpdate:decide',
        'StartActivity:recordTransition',
        'RunActivity:recordTransition',
      ]),
    );

    // The activity's chain of parents leads back to the HTTP request.
    const chain: string[] = [];
    for (let s: ReadableSpan | undefined = run; s; s = byId.get(hex(parentOf(s)))) chain.push(s.name);
    expect(chain[0]).toBe('RunActivity:recordTransition');
    expect(chain).toEqual(
      expect.arrayContaining(['StartActivity:recordTransition', 'HandleUpdate:decide', 'StartWorkflowUpdate:decide']),
    );
    expect(chain[chain.length - 1]).toBe(root!.name);
    expect(parentOf(root!)).toBeUndefined();
  });
});
