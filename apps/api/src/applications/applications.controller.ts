import { Body, Controller, DefaultValuePipe, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiCreatedResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor, Role } from '@mo/domain';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdempotencyKey, UuidPipe } from '../common/request-params';
import { ApplicationsService } from './applications.service';
import { ApplicationListView, ApplicationView, TimelineView } from './dto/application-view.dto';
import { CreateApplicationDto } from './dto/create-application.dto';
import { DecisionDto } from './dto/decision.dto';
import { CancelDto, WithdrawDto } from './dto/reason.dto';

type Caller = Actor & { role: Role };

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Retries with the same key are applied at most once',
};

@ApiTags('applications')
@ApiBearerAuth()
@ApiHeader(IDEMPOTENCY_HEADER)
@Controller('v1/applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @Roles('merchant')
  @ApiCreatedResponse({ type: ApplicationView })
  create(
    @CurrentActor() caller: Caller,
    @Body() body: CreateApplicationDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.applications.create(caller, body, key);
  }

  @Get()
  @Roles('merchant')
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiOkResponse({ type: ApplicationListView })
  list(
    @CurrentActor() caller: Caller,
    @Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number,
  ): Promise<ApplicationListView> {
    return this.applications.list(caller, Math.min(Math.max(limit, 1), 200));
  }

  @Get(':id')
  @Roles('merchant', 'reviewer', 'senior_reviewer', 'admin')
  @ApiOkResponse({ type: ApplicationView })
  get(@CurrentActor() caller: Caller, @Param('id', UuidPipe) id: string): Promise<ApplicationView> {
    return this.applications.get(caller, id);
  }

  @Get(':id/events')
  @Roles('merchant', 'reviewer', 'senior_reviewer', 'admin')
  @ApiOkResponse({ type: TimelineView })
  events(@CurrentActor() caller: Caller, @Param('id', UuidPipe) id: string): Promise<TimelineView> {
    return this.applications.timeline(caller, id);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('merchant')
  @ApiOkResponse({ type: ApplicationView })
  submit(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.applications.submit(caller, id, key);
  }

  @Post(':id/decisions')
  @HttpCode(200)
  @Roles('reviewer', 'senior_reviewer')
  @ApiOkResponse({ type: ApplicationView })
  decide(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: DecisionDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    const decision =
      body.decision === 'approve'
        ? { actor: caller, decision: 'approve' as const, ...(body.note !== undefined ? { note: body.note } : {}) }
        : {
            actor: caller,
            decision: 'reject' as const,
            code: body.code!,
            message: body.message!,
            ...(body.note !== undefined ? { note: body.note } : {}),
          };
    return this.applications.decide(caller, id, decision, key);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('merchant')
  @ApiOkResponse({ type: ApplicationView })
  withdraw(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: WithdrawDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.applications.withdraw(caller, id, body.reason, key);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: ApplicationView })
  cancel(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: CancelDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.applications.cancel(caller, id, body.reason, key);
  }
}
