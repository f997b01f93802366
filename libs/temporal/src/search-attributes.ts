/**
 * Registers the workflows' custom search attributes on an existing Temporal server (the dev server
 * gets them as start flags). Idempotent: attributes already present are left alone.
 */
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { APPLICATION_SEARCH_ATTRIBUTES } from '@mo/contracts';
import type { TemporalConnectOptions } from './connection-options';

const TYPES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  TEXT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
};

export async function ensureSearchAttributes(
  target: string | TemporalConnectOptions,
  namespace: string,
): Promise<string[]> {
  const connection = await Connection.connect(typeof target === 'string' ? { address: target } : target);
  try {
    const known = await listCustomAttributes(connection, namespace);
    const missing = APPLICATION_SEARCH_ATTRIBUTES.filter((a) => !known.has(a.name));
    if (missing.length > 0) {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map((a) => [a.name, TYPES[a.type]!])),
      });
    }
    return missing.map((a) => a.name);
  } finally {
    await connection.close();
  }
}

/** Temporal's Java test server cannot list attributes; there, every one is added (it ignores repeats). */
async function listCustomAttributes(connection: Connection, namespace: string): Promise<Set<string>> {
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    return new Set(Object.keys(existing.customAttributes ?? {}));
  } catch (err) {
    if ((err as { code?: number }).code === 12 /* UNIMPLEMENTED */) return new Set();
    throw err;
  }
}
