import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiGuardedProblems, ApiProblems } from '../common/api-docs';
import { WholeNumberQueryPipe } from '../common/request-params';
import { AdminMetricsView } from './admin-metrics.dto';
import { AdminMetricsService } from './admin-metrics.service';

const DEFAULT_DAYS = 30;
const MAX_DAYS = 90;

/** What an admin's dashboard shows about reviews: the queue now and the outcomes over recent days. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiGuardedProblems()
@Controller('v1/admin')
export class AdminMetricsController {
  constructor(private readonly metrics: AdminMetricsService) {}

  @Get('metrics')
  @Roles('admin')
  @Header('Cache-Control', 'no-store')
  @ApiProblems(403)
  @ApiQuery({
    name: 'days',
    required: false,
    description: 'How many UTC days, today included, the daily counts and the durations cover',
    schema: { type: 'integer', minimum: 1, maximum: MAX_DAYS, default: DEFAULT_DAYS },
  })
  @ApiOkResponse({
    type: AdminMetricsView,
    description:
      'Review queue depth, SLA breaches and escalations now; time to first decision and to activation ' +
      '(p50, p90); decisions, submissions and activations per day, from the read model',
  })
  overview(
    @Query('days', new WholeNumberQueryPipe('days', 1, MAX_DAYS, DEFAULT_DAYS)) days: number,
  ): Promise<AdminMetricsView> {
    return this.metrics.overview(days);
  }
}
