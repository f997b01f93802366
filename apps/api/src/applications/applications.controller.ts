import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ActivationRepository } from '@mo/persistence';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdempotencyKey, PageLimitPipe, UuidPipe } from '../common/request-params';
import { ApiError, ApiErrorCode } from '../errors/api-error';
import { ApplicationsService, type Caller } from './applications.service';
import { ApplicationListView, ApplicationView, CredentialView, TimelineView } from './dto/application-view.dto';
import { DecisionDto } from './dto/decision.dto';
import { ProfileDto } from './dto/profile.dto';
import {
  AgreementDto,
  CancelDto,
  MicroDepositDto,
  NoteDto,
  ReassignDto,
  ResubmitDto,
  WithdrawDto,
} from './dto/reason.dto';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Retries with the same key are applied at most once',
};
const STAFF = ['reviewer', 'senior_reviewer', 'admin'] as const;

@ApiTags('applications')
@ApiBearerAuth()
@ApiHeader(IDEMPOTENCY_HEADER)
@Controller('v1/applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly activation: ActivationRepository,
  ) {}

  @Post()
  @Roles('merchant')
  @ApiCreatedResponse({ type: ApplicationView })
  create(
    @CurrentActor() caller: Caller,
    @Body() body: ProfileDto,
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
    @Query('limit', new PageLimitPipe()) limit: number,
  ): Promise<ApplicationListView> {
    return this.applications.list(caller, Math.min(Math.max(limit, 1), 200));
  }

  @Get(':id')
  @Roles('merchant', ...STAFF)
  @ApiOkResponse({ type: ApplicationView })
  get(@CurrentActor() caller: Caller, @Param('id', UuidPipe) id: string): Promise<ApplicationView> {
    return this.applications.get(caller, id);
  }

  @Patch(':id')
  @Roles('merchant')
  @ApiOkResponse({ type: ApplicationView, description: 'Edits a draft (a new profile revision)' })
  update(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: ProfileDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.applications.updateDraft(caller, id, body, key);
  }

  @Get(':id/events')
  @Roles('merchant', ...STAFF)
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

  @Post(':id/resubmit')
  @HttpCode(200)
  @Roles('merchant')
  @ApiOkResponse({
    type: ApplicationView,
    description: 'Only the fields and documents the feedback targets may change',
  })
  resubmit(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: ResubmitDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.applications.resubmit(caller, id, body.changes, body.documents, key);
  }

  @Post(':id/bank-verification')
  @HttpCode(200)
  @Roles('merchant')
  @ApiOkResponse({ type: ApplicationView, description: 'Confirms the micro-deposit amount (3 attempts)' })
  confirmMicroDeposit(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: MicroDepositDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.applications.confirmMicroDeposit(caller, id, body.amount, key);
  }

  @Post(':id/agreement')
  @HttpCode(200)
  @Roles('merchant')
  @ApiOkResponse({ type: ApplicationView })
  acceptAgreement(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: AgreementDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.applications.acceptAgreement(caller, id, body.version, body.signatory, key);
  }

  @Post(':id/credentials')
  @HttpCode(200)
  @Roles('merchant')
  @ApiOkResponse({ type: CredentialView, description: 'Reveals the API secret exactly once; only a hash is kept' })
  async revealCredentials(@CurrentActor() caller: Caller, @Param('id', UuidPipe) id: string): Promise<CredentialView> {
    await this.applications.requireVisible(caller, id);
    const revealed = await this.activation.revealSecret(caller.id, id);
    if (revealed !== null) return revealed;
    const existing = await this.activation.findCredential(caller.id, id);
    throw existing === null
      ? new ApiError(ApiErrorCode.IllegalTransition, 'No credentials yet: they are issued when the wallet is activated')
      : new ApiError(
          ApiErrorCode.CredentialAlreadyRevealed,
          'The secret was already shown once; it cannot be shown again',
        );
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

  @Post(':id/claim')
  @HttpCode(200)
  @Roles('reviewer', 'senior_reviewer')
  @ApiOkResponse({ type: ApplicationView, description: 'One reviewer at a time; an idle claim expires' })
  claim(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.applications.claim(caller, id, key);
  }

  @Post(':id/release')
  @HttpCode(200)
  @Roles('reviewer', 'senior_reviewer')
  @ApiOkResponse({ type: ApplicationView })
  release(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.applications.release(caller, id, key);
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
    const note = body.note === undefined ? {} : { note: body.note };
    switch (body.decision) {
      case 'approve':
        return this.applications.decide(caller, id, { actor: caller, decision: 'approve', ...note }, key);
      case 'request_changes':
        return this.applications.decide(
          caller,
          id,
          { actor: caller, decision: 'request_changes', reasons: body.reasons!, ...note },
          key,
        );
      case 'reject':
        return this.applications.decide(
          caller,
          id,
          { actor: caller, decision: 'reject', code: body.code!, message: body.message!, ...note },
          key,
        );
    }
  }

  @Post(':id/notes')
  @HttpCode(200)
  @Roles(...STAFF)
  @ApiOkResponse({ type: ApplicationView, description: 'An internal note; merchants never see it' })
  addNote(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: NoteDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.applications.addNote(caller, id, body.note, key);
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: ApplicationView })
  reassign(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: ReassignDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.applications.reassign(caller, id, { id: body.reviewerId, role: body.reviewerRole }, key);
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
