import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/caller';
import { ApplicationListView } from '../applications/dto/application-view.dto';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiPageLimit, PageLimitPipe } from '../common/request-params';
import { ApiGuardedProblems, ApiProblems } from '../common/api-docs';
import { OperationsService } from './operations.service';

@ApiTags('operations')
@ApiBearerAuth()
@ApiGuardedProblems()
@Controller('v1/operations')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Get('holds')
  @Roles('admin')
  @ApiProblems(403)
  @ApiPageLimit()
  @ApiOkResponse({
    type: ApplicationListView,
    description: 'Applications on an operations hold, longest-held first: the failed step and why',
  })
  holds(
    @CurrentActor() caller: Caller,
    @Query('limit', new PageLimitPipe()) limit: number,
  ): Promise<ApplicationListView> {
    return this.operations.holds(caller, limit);
  }
}
