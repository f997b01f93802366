import { Writable } from 'node:stream';
import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import { QueryFailedError } from 'typeorm';
import { failureConverter } from '../../temporal/src/failure-converter';
import { createLogger, NestPinoLogger, TemporalPinoLogger } from './logger';
import { describeError, safeError } from './redact-error';

const NAME = 'Zebulon Quartermaine';

/** What TypeORM throws when PostgreSQL refuses an INSERT: message and detail quote the row. */
function failedWrite(): QueryFailedError {
  const driverError = Object.assign(new Error(`invalid input syntax for type uuid: "${NAME}"`), {
    code: '22P02',
    severity: 'ERROR',
    table: 'application_events',
    detail: `Failing row contains (${NAME})`,
  });
  return new QueryFailedError(
    'INSERT INTO application_events VALUES ($1, $2)',
    ['id', `{"note":"${NAME}"}`],
    driverError,
  );
}

function capture(): { text: () => string; stream: Writable } {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => raw.join('') };
}

describe('driver errors are redacted', () => {
  it('keeps name, SQLSTATE and schema names; drops message, detail, query and parameters', () => {
    const safe = safeError(failedWrite());
    expect(safe).toMatchObject({ type: 'QueryFailedError', code: '22P02' });
    expect(safe.message).toBe('database error (SQLSTATE 22P02, table application_events; message redacted)');
    expect(JSON.stringify(safe)).not.toContain(NAME);
    expect(describeError(failedWrite())).not.toContain(NAME);
    expect(describeError(new Error('plain'))).toBe('Error: plain');
  });

  it('in every log line, whichever logger and key carries the error', () => {
    const out = capture();
    const pino = createLogger({ service: 'worker', nodeEnv: 'production', level: 'log', destination: out.stream });
    new TemporalPinoLogger(pino).warn('Activity failed', { error: failedWrite(), activityType: 'recordTransition' });
    new TemporalPinoLogger(pino).error(`Error while processing: ${failedWrite().message}`, { error: failedWrite() });
    new NestPinoLogger(pino).error(failedWrite());
    new NestPinoLogger(pino).warn({ err: failedWrite(), context: 'x' });
    expect(out.text()).toContain('22P02');
    expect(out.text()).not.toContain(NAME);
  });

  it('in the Temporal failure (the SDK makes the error an ApplicationFailure of its type; its cause too)', () => {
    const failure = failureConverter.errorToFailure(
      ApplicationFailure.create({ message: 'write failed', type: 'RecordFailed', cause: failedWrite() }),
      defaultPayloadConverter,
    );
    const attributes = defaultPayloadConverter.fromPayload<{ message: string; stack_trace: string }>(
      failure.encodedAttributes!,
    );
    const cause = defaultPayloadConverter.fromPayload<{ message: string }>(failure.cause!.encodedAttributes!);
    expect(cause.message).toContain('SQLSTATE 22P02');
    expect(JSON.stringify({ failure, attributes, cause })).not.toContain(NAME);
    expect(failure.cause?.applicationFailureInfo?.type ?? failure.cause?.message).toBeDefined();
  });
});
