/**
 * Structured logs: JSON lines in production, a short readable line otherwise. Every line may carry
 * the request id, the trace id and the application id; never a body, a header or other PII (the
 * redaction below drops such keys even if a caller passes them by mistake).
 */
import { Writable } from 'node:stream';
import type { LoggerService } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import type { Logger as TemporalLogger, LogLevel as TemporalLogLevel, LogMetadata } from '@temporalio/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import { isDriverError, redactErrorsIn, safeErrorMessage } from './redact-error';

export type NestLogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

const PINO_LEVEL: Record<NestLogLevel, pino.Level> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** Keys that never reach a log line, wherever they appear (one level deep). */
export const REDACTED_KEYS = [
  'body',
  'headers',
  'authorization',
  'password',
  'secret',
  'token',
  'email',
  'phone',
  'iban',
  'accountNumber',
  'legalName',
  'taxId',
  'address',
  'registeredAddress',
  'contactEmail',
  'contactPhone',
  'idNumber',
  'holderName',
  'uscc',
  // The people behind the business: their list and their birth dates.
  'beneficialOwners',
  'dateOfBirth',
];

export interface LoggerOptions {
  readonly service: string;
  readonly nodeEnv: string;
  readonly level: NestLogLevel;
  /** Where lines go (tests pass a buffer); stdout by default. */
  readonly destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const json = options.nodeEnv === 'production';
  const destination = options.destination ?? (json ? pino.destination({ fd: 1, sync: true }) : prettyStream());
  return pino(
    {
      level: PINO_LEVEL[options.level],
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Errors become { type, message, code, stack }: no driver message, query or SQL parameters.
      formatters: { level: (label) => ({ level: label }), log: redactErrorsIn },
      redact: { paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`]), remove: true },
      // The trace of whatever is running, so a line can be found from a trace and back.
      mixin: () => {
        const span = trace.getActiveSpan()?.spanContext();
        return span && span.traceId !== '00000000000000000000000000000000' ? { traceId: span.traceId } : {};
      },
    },
    destination,
  );
}

const COLOURS: Record<string, string> = { trace: '90', debug: '36', info: '32', warn: '33', error: '31', fatal: '35' };
const SKIPPED = new Set(['level', 'time', 'msg', 'service', 'context', 'pid', 'hostname']);

/** One readable line per record, for a terminal: `12:00:00.000 INFO [context] message key=value`. */
export function formatPretty(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));
  const level = text(record.level) || 'info';
  const time = typeof record.time === 'string' ? record.time.slice(11, 23) : '';
  const context = record.context ? ` [${text(record.context)}]` : '';
  const fields = Object.entries(record)
    .filter(([k]) => !SKIPPED.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  const colour = process.stdout.isTTY ? (s: string) => `\x1b[${COLOURS[level] ?? '0'}m${s}\x1b[0m` : (s: string) => s;
  return `${time} ${colour(level.toUpperCase().padEnd(5))} ${text(record.service)}${context} ${text(record.msg)}${fields ? ` ${fields}` : ''}`;
}

function prettyStream(): DestinationStream {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) process.stdout.write(`${formatPretty(line)}\n`);
      done();
    },
  });
}

/** Nest's LoggerService on top of pino: Nest's `Logger` instances everywhere write through it. */
export class NestPinoLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack?, context?).
    const [stack, context] = rest.length >= 2 ? rest : [undefined, rest[0]];
    this.write('error', message, [context], typeof stack === 'string' ? { stack } : {});
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[], extra: Record<string, unknown> = {}): void {
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? rest[rest.length - 1] : undefined;
    const fields = { ...(context ? { context } : {}), ...extra };
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, safeErrorMessage(message));
    else if (typeof message === 'object' && message !== null)
      this.pino[level]({ ...fields, ...redactErrorsIn(message as Record<string, unknown>) });
    else this.pino[level](fields, String(message));
  }
}

const TEMPORAL_TO_PINO: Record<TemporalLogLevel, pino.Level> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Workflow ids are `application-<uuid>`-like: the application id is the uuid in it. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The Temporal SDK's logger (Runtime.install({ logger })) writing into the same pino logger. */
export class TemporalPinoLogger implements TemporalLogger {
  constructor(private readonly pino: Logger) {}

  log(level: TemporalLogLevel, message: string, meta: LogMetadata = {}): void {
    const applicationId = typeof meta.workflowId === 'string' ? UUID.exec(meta.workflowId)?.[0] : undefined;
    // The SDK quotes an error's message in some lines ("Error while processing …: <message>").
    let text = message;
    for (const value of Object.values(meta)) {
      if (isDriverError(value) && value.message) text = text.split(value.message).join(safeErrorMessage(value));
    }
    this.pino[TEMPORAL_TO_PINO[level]](
      { context: 'temporal', ...meta, ...(applicationId ? { applicationId } : {}) },
      text,
    );
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

export const applicationIdIn = (text: string): string | undefined => UUID.exec(text)?.[0];

/** The Nest logger of a service, per the configuration (NODE_ENV, LOG_LEVEL). */
export function nestLogger(
  service: string,
  config: { readonly nodeEnv: string; readonly logLevel: NestLogLevel },
): NestPinoLogger {
  return new NestPinoLogger(createLogger({ service, nodeEnv: config.nodeEnv, level: config.logLevel }));
}
