/**
 * Re-renders docs/performance.md and its chart from a results file, e.g. after editing
 * bench/analysis.md: node dist/scripts/bench/render.js bench/results/<date>.json
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@mo/temporal';
import { writePerformanceDocs } from './report';
import type { BenchResults } from './results';

const file = process.argv[2];
if (!file) throw new Error('usage: node dist/scripts/bench/render.js <results.json>');
const { mdPath } = writePerformanceDocs(
  JSON.parse(readFileSync(file, 'utf8')) as BenchResults,
  join(projectRoot(), 'docs'),
);
process.stdout.write(`rendered ${mdPath} from ${file}\n`);
