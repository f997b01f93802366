import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiProperty } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { TEMPORAL_CLIENT } from '@mo/temporal';

export class DependencyHealth {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty() latencyMs!: number;
  @ApiProperty({ required: false, enum: ['unreachable', 'timed out'] }) error?: 'unreachable' | 'timed out';
}
export class HealthView {
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

/** Probes PostgreSQL and Temporal (2 s each); details go to the log only. */
@Injectable()
export class HealthService {
  private readonly logger = new Logger('health');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async check(): Promise<HealthView> {
    const log = (line: string): void => this.logger.warn(line);
    const [postgres, temporal] = await Promise.all([
      probe('postgres', () => this.db.query('SELECT 1'), log),
      probe('temporal', () => this.temporal.workflowService.getSystemInfo({}), log),
    ]);
    return { status: postgres.status === 'up' && temporal.status === 'up' ? 'up' : 'down', postgres, temporal };
  }
}
