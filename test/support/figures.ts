/**
 * The figures a reliability test measured (requests, faults injected, effects counted, drift),
 * appended as one JSON line to $RELIABILITY_FIGURES when set: docs/reliability.md is written from
 * them. Without the variable this does nothing; the tests assert their own outcomes regardless.
 */
import { appendFileSync } from 'node:fs';

export function recordFigures(scenario: string, figures: Record<string, unknown>): void {
  const file = process.env.RELIABILITY_FIGURES;
  if (file) appendFileSync(file, `${JSON.stringify({ scenario, at: new Date().toISOString(), ...figures })}\n`);
}
