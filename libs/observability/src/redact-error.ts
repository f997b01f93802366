/**
 * Errors as they may be logged or carried in a Temporal failure: a database driver's error names
 * its SQLSTATE and the schema objects involved, never its message, detail, query or parameters
 * (TypeORM's QueryFailedError carries the SQL parameters, i.e. event data: names, notes; and
 * PostgreSQL's messages and details quote values: `invalid input syntax for type uuid: "…"`,
 * `Key (x)=(…) already exists`). Other errors keep their name and message. Causes are redacted too.
 */

interface DriverFields {
  readonly code?: unknown;
  readonly table?: unknown;
  readonly column?: unknown;
  readonly constraint?: unknown;
  readonly driverError?: unknown;
  readonly parameters?: unknown;
  readonly severity?: unknown;
}

/** A TypeORM QueryFailedError / pg DatabaseError (or anything carrying SQL parameters). */
export function isDriverError(err: unknown): err is Error & DriverFields {
  if (!(err instanceof Error)) return false;
  const e = err as Error & DriverFields;
  return (
    e.name === 'QueryFailedError' ||
    e.driverError !== undefined ||
    e.parameters !== undefined ||
    (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && e.severity !== undefined)
  );
}

const identifier = (v: unknown): string | undefined =>
  typeof v === 'string' && /^[a-z_][a-z0-9_]*$/i.test(v) ? v : undefined;

/** The driver's SQLSTATE: on the pg error TypeORM wraps, else on the error itself. */
function sqlStateOf(err: Error & DriverFields): string | undefined {
  const code = (err.driverError as DriverFields | undefined)?.code ?? err.code;
  return typeof code === 'string' ? code : typeof err.code === 'string' ? err.code : undefined;
}

/** The message a driver error may show: its SQLSTATE and the table, column or constraint named. */
export function driverErrorMessage(err: Error & DriverFields): string {
  const source = (err.driverError ?? err) as DriverFields;
  const code = sqlStateOf(err) ?? 'unknown';
  const named = (['table', 'column', 'constraint'] as const)
    .map((k) => [k, identifier(source[k] ?? err[k])] as const)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${v}`);
  return `database error (SQLSTATE ${code}${named.length > 0 ? `, ${named.join(', ')}` : ''}; message redacted)`;
}

/** The error's message, redacted when it is a driver's. */
export function safeErrorMessage(err: unknown): string {
  if (isDriverError(err)) return driverErrorMessage(err);
  return err instanceof Error ? err.message : String(err);
}

/** `name: message` with the message redacted when it is a driver's. */
export const describeError = (err: unknown): string =>
  err instanceof Error ? `${err.name}: ${safeErrorMessage(err)}` : String(err);

/** The stack without its first line's message (the frames stay), when the message is redacted. */
function safeStack(err: Error): string | undefined {
  if (err.stack === undefined) return undefined;
  if (!isDriverError(err)) return err.stack;
  const frames = err.stack.split('\n').filter((line) => /^\s+at /.test(line));
  return [`${err.name}: ${driverErrorMessage(err)}`, ...frames].join('\n');
}

export interface SafeError {
  readonly type: string;
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
  readonly cause?: SafeError;
}

/** A plain object for a log line: no enumerable extras (query, parameters, driverError, detail). */
export function safeError(err: unknown, depth = 0): SafeError {
  if (!(err instanceof Error)) return { type: typeof err, message: String(err) };
  const code = (err as { code?: unknown }).code;
  const cause = (err as { cause?: unknown }).cause;
  const stack = safeStack(err);
  return {
    type: err.name,
    message: safeErrorMessage(err),
    ...(typeof code === 'string' ? { code } : {}),
    ...(stack !== undefined ? { stack } : {}),
    ...(cause !== undefined && depth < 5 ? { cause: safeError(cause, depth + 1) } : {}),
  };
}

/**
 * The same error made safe to carry (a Temporal failure, a rethrow): a driver error becomes an
 * Error of the same name with the redacted message and stack; its cause chain is made safe too.
 */
export function redactedError<T>(err: T, depth = 0): T | Error {
  if (!(err instanceof Error) || depth > 5) return err;
  const cause = (err as { cause?: unknown }).cause;
  if (!isDriverError(err)) {
    if (cause instanceof Error) {
      const safeCause = redactedError(cause, depth + 1);
      if (safeCause !== cause) (err as { cause?: unknown }).cause = safeCause;
    }
    return err;
  }
  const safe = new Error(driverErrorMessage(err));
  safe.name = err.name;
  safe.stack = safeStack(err);
  const code = sqlStateOf(err);
  if (code !== undefined) Object.assign(safe, { code });
  return safe;
}

/** Every Error among a log record's values (one level deep) as a SafeError. */
export function redactErrorsIn(record: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(record)) {
    if (v instanceof Error) (out ??= { ...record })[k] = safeError(v);
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const inner = v as Record<string, unknown>;
      if (Object.values(inner).some((x) => x instanceof Error)) (out ??= { ...record })[k] = redactErrorsIn(inner);
    }
  }
  return out ?? record;
}
