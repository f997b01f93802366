import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

/** Liveness of the API's dependencies, for load balancers and operators. */
@Module({ controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
