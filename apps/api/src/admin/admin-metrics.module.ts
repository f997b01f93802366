import { Module } from '@nestjs/common';
import { AdminMetricsController } from './admin-metrics.controller';
import { AdminMetricsService } from './admin-metrics.service';

/** The admins' review dashboard figures, read from the read model (see BusinessMetricsRepository). */
@Module({ controllers: [AdminMetricsController], providers: [AdminMetricsService] })
export class AdminMetricsModule {}
