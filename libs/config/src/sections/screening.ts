/** Screening: the watchlists the parties are screened against, the score a hit needs, and how often lists are reloaded. */
import type { Reader } from '../reader';

export interface ScreeningConfig {
  /** OpenSanctions "simple CSV" files (SCREENING_LISTS, comma-separated), read in this order. */
  readonly lists: readonly string[];
  /** A match scores at least this, 0–1 (SCREENING_THRESHOLD). */
  readonly threshold: number;
  /** How often the rescreening schedule reloads the lists, in hours (SCREENING_RESCREEN_INTERVAL_HOURS). */
  readonly rescreenIntervalHours: number;
}

/** The small synthetic list that ships for development and tests (no real person is on it). */
export const DEFAULT_SCREENING_LISTS = ['data/screening/synthetic.simple.csv'] as const;
export const DEFAULT_SCREENING_THRESHOLD = 0.85;

export function readScreening(read: Reader): ScreeningConfig {
  const lists = read.list('SCREENING_LISTS', DEFAULT_SCREENING_LISTS, /^[^\0]+$/);
  if (lists.length === 0) read.problems.push('SCREENING_LISTS must name at least one list file');
  const threshold = read.positive('SCREENING_THRESHOLD', DEFAULT_SCREENING_THRESHOLD);
  if (threshold > 1) read.problems.push(`SCREENING_THRESHOLD must be between 0 and 1, got "${threshold}"`);
  return {
    lists,
    threshold,
    rescreenIntervalHours: read.positive('SCREENING_RESCREEN_INTERVAL_HOURS', 24),
  };
}
