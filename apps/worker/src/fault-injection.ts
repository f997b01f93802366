/**
 * Fault injection for the reliability tests: with WORKER_FAULT_KILL_AFTER=<activityType> the worker
 * process kills itself (SIGKILL, like a crashed host) right after that activity's effect is done
 * and before Temporal hears of it. Inert unless the variable is set; refused in production.
 */
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

export function faultInjection(env: NodeJS.ProcessEnv = process.env): ActivityInterceptorsFactory[] {
  const killAfter = env.WORKER_FAULT_KILL_AFTER;
  if (!killAfter) return [];
  if (env.NODE_ENV === 'production') throw new Error('WORKER_FAULT_KILL_AFTER is for tests only');
  return [
    (ctx) => ({
      inbound: {
        execute: async (input, next) => {
          const result = await next(input);
          if (ctx.info.activityType === killAfter) process.kill(process.pid, 'SIGKILL');
          return result;
        },
      },
    }),
  ];
}
