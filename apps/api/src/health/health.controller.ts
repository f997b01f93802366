import { Controller, Get, HttpStatus, Inject, Logger, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { TEMPORAL_CLIENT } from '@mo/temporal';
import { Public } from '../auth/auth.decorators';
import { ApiProblems } from '../common/api-docs';

class DependencyHealth {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty() latencyMs!: number;
  @ApiProperty({ required: false, enum: ['unreachable', 'timed out'] }) error?: 'unreachable' | 'timed out';
}
class HealthView {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty({ type: DependencyHealth }) postgres!: DependencyHealth;
  @ApiProperty({ type: DependencyHealth }) temporal!: DependencyHealth;
}

/**
 * One dependency's health. The answer is public, so it says only up or down: the driver's message
 * (hosts, users, versions) goes to the log, never into the response.
 */
export async function probe(
  name: string,
  fn: () => Promise<unknown>,
  log: (line: string) => void,
): Promise<DependencyHealth> {
  const started = performance.now();
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new TimedOut()), 2000).unref())]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    const latencyMs = Math.round(performance.now() - started);
    log(`${name} is down: ${err instanceof Error ? err.message : String(err)}`);
    return { status: 'down', latencyMs, error: err instanceof TimedOut ? 'timed out' : 'unreachable' };
  }
}

class TimedOut extends Error {
  constructor() {
    super('timed out after 2s');
  }
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('health');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: HealthView })
  @ApiServiceUnavailableResponse({ type: HealthView })
  @ApiProblems(400, 413, 415, 429, 500)
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthView> {
    const [postgres, temporal] = await Promise.all([
      probe(
        'postgres',
        () => this.db.query('SELECT 1'),
        (line) => this.logger.warn(line),
      ),
      probe(
        'temporal',
        () => this.temporal.workflowService.getSystemInfo({}),
        (line) => this.logger.warn(line),
      ),
    ]);
    const status = postgres.status === 'up' && temporal.status === 'up' ? 'up' : 'down';
    res.status(status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status, postgres, temporal };
  }
}
