import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
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
  @ApiProperty({ required: false }) error?: string;
}
class HealthView {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty({ type: DependencyHealth }) postgres!: DependencyHealth;
  @ApiProperty({ type: DependencyHealth }) temporal!: DependencyHealth;
}

async function probe(fn: () => Promise<unknown>): Promise<DependencyHealth> {
  const started = performance.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2s')), 2000).unref()),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      error: err instanceof Error ? err.message : String(err),
    };
  }
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: HealthView })
  @ApiServiceUnavailableResponse({ type: HealthView })
  @ApiProblems(400, 413, 429, 500)
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthView> {
    const [postgres, temporal] = await Promise.all([
      probe(() => this.db.query('SELECT 1')),
      probe(() => this.temporal.workflowService.getSystemInfo({})),
    ]);
    const status = postgres.status === 'up' && temporal.status === 'up' ? 'up' : 'down';
    res.status(status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status, postgres, temporal };
  }
}
