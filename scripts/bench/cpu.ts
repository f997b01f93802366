/**
 * CPU time per part of the system over a phase, read from /proc: on a saturated machine this says
 * where the cores went (the API, the worker, Temporal, PostgreSQL, the baseline worker, the bench's
 * own load clients). Linux only; elsewhere every figure is null.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export const CPU_PARTS = ['api', 'worker', 'temporal', 'postgres', 'baselineWorker', 'clients'] as const;
export type CpuPart = (typeof CPU_PARTS)[number];
/** Core-seconds per part over the phase; null where /proc cannot be read. */
export type CpuSeconds = Readonly<Record<CpuPart, number>> | null;

/** Linux reports utime and stime in USER_HZ ticks, 100 per second on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

interface Proc {
  readonly ppid: number;
  readonly comm: string;
  readonly ticks: number;
}

function readProcs(): Map<number, Proc> {
  const procs = new Map<number, Proc>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid … utime stime …": comm may hold spaces, so split after its ')'.
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      procs.set(Number(name), {
        comm: stat.slice(stat.indexOf('(') + 1, close),
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // It exited between the listing and the read.
    }
  }
  return procs;
}

export interface CpuRoots {
  readonly api: () => readonly (number | undefined)[];
  readonly workers: () => readonly (number | undefined)[];
  readonly baselineWorker: () => number | undefined;
}

/**
 * Attributes every process below this one to a part: PostgreSQL and the Temporal server by their
 * command name, the API, workers and baseline worker by the process they descend from, and this
 * process itself (the load clients and their HTTP) as `clients`.
 */
export class CpuMeter {
  private readonly available = existsSync('/proc/self/stat');
  constructor(private readonly roots: CpuRoots) {}

  /** Ticks per part now. */
  snapshot(): Map<CpuPart, number> | null {
    if (!this.available) return null;
    const procs = readProcs();
    const rootOf = new Map<number, CpuPart>();
    for (const pid of this.roots.api()) if (pid) rootOf.set(pid, 'api');
    for (const pid of this.roots.workers()) if (pid) rootOf.set(pid, 'worker');
    const base = this.roots.baselineWorker();
    if (base) rootOf.set(base, 'baselineWorker');
    const totals = new Map<CpuPart, number>(CPU_PARTS.map((p) => [p, 0]));
    for (const [pid, proc] of procs) {
      const part = pid === process.pid ? 'clients' : this.partOf(pid, proc, procs, rootOf);
      if (part) totals.set(part, totals.get(part)! + proc.ticks);
    }
    return totals;
  }

  /** Core-seconds per part since `mark` (a snapshot). */
  since(mark: Map<CpuPart, number> | null): CpuSeconds {
    const now = this.snapshot();
    if (!mark || !now) return null;
    const seconds = (p: CpuPart): number => Math.round(((now.get(p)! - mark.get(p)!) / TICKS_PER_SECOND) * 10) / 10;
    return Object.fromEntries(CPU_PARTS.map((p) => [p, Math.max(0, seconds(p))])) as Record<CpuPart, number>;
  }

  private partOf(pid: number, proc: Proc, procs: Map<number, Proc>, rootOf: Map<number, CpuPart>): CpuPart | null {
    let inside = false;
    let root: CpuPart | undefined;
    for (let p: number | undefined = pid, hops = 0; p && hops < 64; p = procs.get(p)?.ppid, hops++) {
      root ??= rootOf.get(p);
      if (p === process.pid) inside = true;
    }
    if (!inside) return null;
    if (proc.comm.startsWith('postgres')) return 'postgres';
    if (root) return root;
    // The Temporal CLI dev server (`temporal`) or the Temporal server binary of the cluster shape.
    if (proc.comm === 'temporal' || proc.comm === 'server' || proc.comm.startsWith('temporal')) return 'temporal';
    return null;
  }
}
