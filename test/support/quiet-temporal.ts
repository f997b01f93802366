// Keep the Temporal SDK's INFO chatter (worker state changes) out of test output; warnings still show.
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('WARN') });
