import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { ApiProblems } from '../common/api-docs';
import { Unthrottled } from '../common/caller-throttler.guard';
import { HealthService, HealthView } from './health.service';

@ApiTags('operations')
@Controller('health')
@Unthrottled()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: HealthView })
  @ApiServiceUnavailableResponse({ type: HealthView })
  @ApiProblems(400, 413, 415, 500)
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthView> {
    const health = await this.health.check();
    res.status(health.status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return health;
  }
}
