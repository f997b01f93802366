/**
 * What PostgreSQL cannot store, made storable, and what it refused, told apart from a blip: the
 * transition writer's defence in depth, so no input can wedge an application's write.
 */
import { toStorableText } from '@mo/domain';

/**
 * A copy of plain JSON-like data (strings, numbers, arrays, plain objects; keys too) with every
 * character PostgreSQL refuses replaced by U+FFFD (`toStorableText`), and how many were replaced.
 */
export function storable<T>(value: T): { readonly value: T; readonly replaced: number } {
  let replaced = 0;
  const text = (s: string): string => {
    const clean = toStorableText(s);
    replaced += clean.replaced;
    return clean.text;
  };
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(visit);
    if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [text(k), visit(inner)]));
    }
    return v;
  };
  const out = visit(value) as T;
  return { value: out, replaced };
}

/**
 * The SQLSTATE of an error PostgreSQL raised because of the data itself (class 22 data exception,
 * class 23 integrity violation): the same write would fail the same way, so retrying cannot help.
 * The writer's idempotent conflicts are ON CONFLICT clauses and never raise. Anything else
 * (connection, timeout, serialization, shutdown) is a blip: null.
 */
export function dataErrorOf(err: unknown): string | null {
  for (const code of [codeOf(err), codeOf((err as { driverError?: unknown } | null)?.driverError)]) {
    if (code !== null && /^2[23][0-9A-Z]{3}$/.test(code)) return code;
  }
  return null;
}

function codeOf(err: unknown): string | null {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * PostgreSQL refused a transition for its data. The message names the SQLSTATE only: never the
 * data, which is the merchant's (PostgreSQL's own message and detail can quote it).
 */
export class UnrecordableTransitionError extends Error {
  constructor(readonly sqlState: string) {
    super(`PostgreSQL refused the transition's data (SQLSTATE ${sqlState})`);
    this.name = 'UnrecordableTransitionError';
  }
}
