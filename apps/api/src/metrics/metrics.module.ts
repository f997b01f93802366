import { Controller, Get, Header, Module, type OnModuleInit } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { loadObservabilityConfig } from '@mo/config';
import { BusinessMetricsRepository } from '@mo/persistence';
import { apiRegistry } from '@mo/observability';
import { Public } from '../auth/auth.decorators';
import { Unthrottled } from '../common/caller-throttler.guard';
import { businessMetrics, readBusinessSnapshot, type BusinessSnapshot } from './business-metrics';

/** GET /metrics: Prometheus text. Public like /health; expose it on an internal network only. */
@ApiExcludeController()
@Public()
@Unthrottled()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', apiRegistry.contentType)
  @Header('Cache-Control', 'no-store')
  metrics(): Promise<string> {
    return apiRegistry.metrics();
  }
}

@Module({ controllers: [MetricsController] })
export class MetricsModule implements OnModuleInit {
  private cached: { at: number; value: Promise<BusinessSnapshot | null> } | undefined;

  constructor(private readonly metrics: BusinessMetricsRepository) {}

  onModuleInit(): void {
    const ttlMs = loadObservabilityConfig().businessMetricsCacheSeconds * 1000;
    const snapshot = (): Promise<BusinessSnapshot | null> => {
      const now = Date.now();
      if (this.cached === undefined || now - this.cached.at >= ttlMs) {
        // A failed read (database down) leaves the business metrics out of this scrape, and
        // read_model_up at 0; the process's own metrics are still served. It is not cached.
        const value = readBusinessSnapshot(this.metrics).catch(() => {
          this.cached = undefined;
          return null;
        });
        this.cached = { at: now, value };
      }
      return this.cached.value;
    };
    // One registry per process; a new app in the same process (tests) takes the metrics over.
    for (const metric of businessMetrics(snapshot)) {
      apiRegistry.removeSingleMetric(metric.name);
      apiRegistry.registerMetric(metric as never);
    }
  }
}
