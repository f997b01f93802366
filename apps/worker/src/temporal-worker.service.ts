import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import type { ApplicationActivities } from '@mo/contracts';
import { projectRoot, workflowBundleOptions } from '@mo/temporal';
import { ACTIVITIES } from './activities/activities.module';

/** Hosts the Temporal Worker inside the Nest context: `run()` until `shutdown()` drains it. */
@Injectable()
export class TemporalWorkerService {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private worker: Worker | undefined;
  private connection: NativeConnection | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ACTIVITIES) private readonly activities: ApplicationActivities,
  ) {}

  /** Creates the worker and resolves when it has stopped (after `shutdown()` or a fatal error). */
  async run(): Promise<void> {
    const { address, namespace, taskQueue } = this.config.temporal;
    this.connection = await NativeConnection.connect({ address });
    this.worker = await Worker.create({
      connection: this.connection,
      namespace,
      taskQueue,
      workflowBundle: await this.workflowBundle(),
      activities: this.activities,
      // Give in-flight activities time to finish on SIGTERM before they are cancelled.
      shutdownGraceTime: '20 seconds',
    });
    this.logger.log(`polling task queue "${taskQueue}" on ${address} (namespace ${namespace})`);
    try {
      await this.worker.run();
    } finally {
      await this.connection.close();
    }
  }

  shutdown(): void {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
  }

  private async workflowBundle(): Promise<WorkflowBundleOption> {
    const root = projectRoot();
    // Compiled (dist/) runs load the bundle built with them; runs from source bundle the source,
    // so a test never exercises a stale bundle.
    const runningCompiled = __filename.endsWith('.js');
    const prebuilt = process.env.WORKFLOW_BUNDLE_PATH ?? join(root, 'dist', 'workflow-bundle.js');
    if (runningCompiled && existsSync(prebuilt)) return { codePath: prebuilt };
    if (runningCompiled) this.logger.warn(`no workflow bundle at ${prebuilt}; bundling workflows/ from source`);
    return bundleWorkflowCode(workflowBundleOptions(root));
  }
}
