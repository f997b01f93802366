import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { APP_CONFIG, workerTuning, type AppConfig } from '@mo/config';
import type {
  ApplicationActivities,
  MaintenanceActivities,
  RescreeningActivities,
  WebhookActivities,
} from '@mo/contracts';
import { observedActivities, tracingActive, workflowTracingSinks } from '@mo/observability';
import {
  projectRoot,
  temporalConnectionOptions,
  WORKFLOW_BUNDLE_FILES,
  workerDataConverterFor,
  workflowBundleOptions,
} from '@mo/temporal';
import { ACTIVITIES } from './activities/activities.module';
import { faultInjection } from './fault-injection';
import { MAINTENANCE_ACTIVITIES, MaintenanceSchedules } from './maintenance/maintenance.module';

/** Hosts the Temporal Worker inside the Nest context: `run()` until `shutdown()` drains it. */
@Injectable()
export class TemporalWorkerService {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private requestStop: () => void = () => undefined;
  /** Resolves on shutdown(), even one requested while the worker is still being created. */
  private readonly stopRequested = new Promise<void>((resolve) => {
    this.requestStop = resolve;
  });

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ACTIVITIES) private readonly activities: ApplicationActivities & WebhookActivities,
    @Inject(MAINTENANCE_ACTIVITIES) private readonly maintenance: MaintenanceActivities & RescreeningActivities,
    private readonly schedules: MaintenanceSchedules,
  ) {}

  /** Creates the worker and resolves when it has stopped (after `shutdown()` or a fatal error). */
  async run(): Promise<void> {
    const { address, namespace, taskQueue } = this.config.temporal;
    const connection = await NativeConnection.connect(temporalConnectionOptions(this.config.temporal));
    const workflowBundle = await this.workflowBundle();
    const worker = await Worker.create({
      connection,
      namespace,
      taskQueue,
      workflowBundle,
      dataConverter: workerDataConverterFor(this.config.temporal.codec),
      // Tracing (activity spans; workflow spans via the exporter sink) and activity outcome metrics.
      interceptors: { activity: [...observedActivities(), ...faultInjection()] },
      sinks: workflowTracingSinks(),
      activities: { ...this.activities, ...this.maintenance },
      // Give in-flight activities time to finish on SIGTERM before they are cancelled.
      shutdownGraceTime: '20 seconds',
      ...workerTuning(this.config.temporal),
    });
    // Webhook deliveries poll their own queue with their own bounded slots, so endpoints that never
    // answer cannot take the slots recordTransition (and so every API action) waits on.
    const deliveries: WebhookActivities = {
      deliverWebhook: (input) => this.activities.deliverWebhook(input),
      webhookTargets: (input) => this.activities.webhookTargets(input),
    };
    const webhooks = this.config.webhooks;
    const webhookWorker = await Worker.create({
      connection,
      namespace,
      taskQueue: webhooks.taskQueue,
      workflowBundle,
      dataConverter: workerDataConverterFor(this.config.temporal.codec),
      interceptors: { activity: [...observedActivities(), ...faultInjection()] },
      sinks: workflowTracingSinks(),
      activities: deliveries,
      shutdownGraceTime: '20 seconds',
      maxCachedWorkflows: 100,
      maxConcurrentActivityTaskExecutions: webhooks.maxConcurrentDeliveries,
    });
    try {
      this.logger.log(
        `polling task queues "${taskQueue}" and "${webhooks.taskQueue}" on ${address} (namespace ${namespace})`,
      );
      // Drains in-flight tasks (up to shutdownGraceTime) once a stop is requested; a fatal error in
      // one worker stops the other too. The housekeeping schedules are created meanwhile (never
      // fails: a problem is logged).
      const runs = [worker, webhookWorker].map((w) => w.runUntil(this.stopRequested));
      try {
        await Promise.all([...runs, this.schedules.ensure()]);
      } catch (err) {
        this.requestStop();
        await Promise.allSettled(runs);
        throw err;
      }
    } finally {
      await connection.close();
    }
  }

  shutdown(): void {
    this.requestStop();
  }

  private async workflowBundle(): Promise<WorkflowBundleOption> {
    const root = projectRoot();
    // Compiled (dist/) runs load the bundle built with them; runs from source bundle the source,
    // so a test never exercises a stale bundle.
    // The tracing interceptors only when this process traces: they cost memory per cached workflow.
    const tracing = tracingActive();
    const runningCompiled = __filename.endsWith('.js');
    const prebuilt =
      process.env.WORKFLOW_BUNDLE_PATH ??
      join(root, 'dist', tracing ? WORKFLOW_BUNDLE_FILES.traced : WORKFLOW_BUNDLE_FILES.plain);
    if (runningCompiled && existsSync(prebuilt)) return { codePath: prebuilt };
    if (runningCompiled) this.logger.warn(`no workflow bundle at ${prebuilt}; bundling workflows/ from source`);
    return bundleWorkflowCode(workflowBundleOptions(root, { tracing }));
  }
}
