import { createHash } from 'node:crypto';

/**
 * A stable UUID (version 8 layout) derived from a string: a request retried with the same
 * Idempotency-Key gets the same id, so the resource it creates can exist only once.
 */
export function uuidFromKey(input: string): string {
  const h = createHash('sha256').update(input).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
