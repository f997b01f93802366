import { Writable } from 'node:stream';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createLogger, formatPretty, NestPinoLogger, TemporalPinoLogger } from './logger';

function capture(): { lines: () => Record<string, unknown>[]; raw: string[]; stream: Writable } {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { raw, stream, lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('structured logs', () => {
  beforeAll(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));
  afterAll(() => context.disable());

  it('production: one JSON object per line, with service, context, ids and the active trace id; never a body or PII', () => {
    const out = capture();
    const logger = new NestPinoLogger(
      createLogger({ service: 'api', nodeEnv: 'production', level: 'log', destination: out.stream }),
    );
    const span = trace.wrapSpanContext({
      traceId: TRACE_ID,
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    });
    context.with(trace.setSpan(context.active(), span), () => {
      logger.log(
        {
          msg: 'request',
          requestId: 'req-1',
          applicationId: '0b7c1b9e-0a4e-4f3e-9d1c-6a2b3c4d5e6f',
          status: 200,
          body: { legalName: 'Secret Ltd' },
          headers: { authorization: 'Bearer x' },
          email: 'someone@example.com',
        },
        'http',
      );
    });
    logger.warn('plain message', 'ApplicationsService');
    logger.debug('not at this level', 'x');
    const [first, second, ...rest] = out.lines();
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      level: 'info',
      service: 'api',
      context: 'http',
      msg: 'request',
      requestId: 'req-1',
      applicationId: '0b7c1b9e-0a4e-4f3e-9d1c-6a2b3c4d5e6f',
      traceId: TRACE_ID,
      status: 200,
    });
    expect(first).not.toHaveProperty('body');
    expect(first).not.toHaveProperty('headers');
    expect(first).not.toHaveProperty('email');
    expect(out.raw.join('\n')).not.toMatch(/Secret Ltd|Bearer|example\.com/);
    expect(second).toMatchObject({ level: 'warn', context: 'ApplicationsService', msg: 'plain message' });
    expect(typeof second!.time).toBe('string');
  });

  it('errors keep their stack', () => {
    const out = capture();
    const logger = new NestPinoLogger(
      createLogger({ service: 'api', nodeEnv: 'production', level: 'error', destination: out.stream }),
    );
    logger.error('boom', 'Error: boom\n    at here', 'ExceptionsHandler');
    expect(out.lines()[0]).toMatchObject({
      level: 'error',
      msg: 'boom',
      context: 'ExceptionsHandler',
      stack: expect.stringContaining('at here'),
    });
  });

  it('development: a readable line, not JSON', () => {
    const line = formatPretty(
      JSON.stringify({
        level: 'info',
        time: '2026-12-04T18:00:00.123Z',
        service: 'api',
        context: 'http',
        msg: 'request',
        requestId: 'r1',
        status: 201,
      }),
    );
    expect(line).toBe('18:00:00.123 INFO  api [http] request requestId=r1 status=201');
    expect(() => JSON.parse(line)).toThrow();
  });

  it("the Temporal SDK's log lines go through the same logger, with the application id", () => {
    const out = capture();
    const temporal = new TemporalPinoLogger(
      createLogger({ service: 'worker', nodeEnv: 'production', level: 'log', destination: out.stream }),
    );
    temporal.warn('Activity failed', {
      workflowId: 'application-0b7c1b9e-0a4e-4f3e-9d1c-6a2b3c4d5e6f',
      activityType: 'recordTransition',
    });
    temporal.debug('below the level');
    expect(out.lines()).toEqual([
      expect.objectContaining({
        level: 'warn',
        service: 'worker',
        context: 'temporal',
        msg: 'Activity failed',
        activityType: 'recordTransition',
        applicationId: '0b7c1b9e-0a4e-4f3e-9d1c-6a2b3c4d5e6f',
      }),
    ]);
  });
});
