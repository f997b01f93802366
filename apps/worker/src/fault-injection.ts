/**
 * Fault injection for the reliability tests. Inert unless a variable is set; refused unless NODE_ENV is development or test.
 * - WORKER_FAULT_KILL_AFTER=<activityType>: the worker process kills itself (SIGKILL, like a crashed
 *   host) right after that activity's effect is done and before Temporal hears of it.
 * - WORKER_FAULT_FAIL=<activityType>:<failureType>: that activity's first execution for each
 *   application fails for good (a non-retryable ApplicationFailure of that type); later ones work.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { developmentChosen } from '@mo/config';

export function faultInjection(env: NodeJS.ProcessEnv = process.env): ActivityInterceptorsFactory[] {
  const killAfter = env.WORKER_FAULT_KILL_AFTER;
  const fail = env.WORKER_FAULT_FAIL;
  if (!killAfter && !fail) return [];
  // Fails closed: a deployment that forgot NODE_ENV is not a test run.
  if (!developmentChosen(env))
    throw new Error('WORKER_FAULT_KILL_AFTER and WORKER_FAULT_FAIL are for tests only (NODE_ENV=development or test)');
  const [failActivity, failureType = 'InjectedFailure'] = (fail ?? '').split(':');
  const failed = new Set<string>();
  return [
    (ctx) => ({
      inbound: {
        execute: async (input, next) => {
          if (ctx.info.activityType === failActivity) {
            const ref = input.args[0] as { applicationId?: string; state?: { applicationId?: string } } | undefined;
            const applicationId = ref?.applicationId ?? ref?.state?.applicationId ?? '';
            if (!failed.has(applicationId)) {
              failed.add(applicationId);
              throw ApplicationFailure.nonRetryable(`${failActivity} failed (injected)`, failureType);
            }
          }
          const result = await next(input);
          if (ctx.info.activityType === killAfter) process.kill(process.pid, 'SIGKILL');
          return result;
        },
      },
    }),
  ];
}
