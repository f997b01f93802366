import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { rolesFor } from '@mo/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiGuardedProblems, ApiIdempotent, ApiProblems, ApiUuidParams } from '../common/api-docs';
import { IdempotentReplay } from '../common/idempotent-replay.decorator';
import {
  ApiPageLimit,
  IdempotencyKey,
  PageLimitPipe,
  SCREENING_HIT_ID_PATTERN,
  ScreeningHitIdPipe,
  UuidPipe,
  WholeNumberQueryPipe,
} from '../common/request-params';
import { ApiErrorCode } from '../errors/api-error';
import { ActionEndpoint, ApiCommitted } from './action-endpoint.decorator';
import { ApplicationActionsService } from './application-actions.service';
import { ApplicationReadsService } from './application-reads.service';
import type { Caller } from '../auth/caller';
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
  ScreeningResolutionDto,
  WithdrawDto,
} from './dto/reason.dto';

const STAFF = ['reviewer', 'senior_reviewer', 'admin'] as const;
/** A long-poll read holds its answer this long at most (below common proxy idle timeouts of 60 s). */
const MAX_WAIT_SECONDS = 30;
const DEFAULT_WAIT_SECONDS = 20;

@ApiTags('applications')
@ApiBearerAuth()
@ApiGuardedProblems()
@Controller('v1/applications')
export class ApplicationsController {
  constructor(
    private readonly actions: ApplicationActionsService,
    private readonly reads: ApplicationReadsService,
  ) {}

  @Post()
  @Roles(...rolesFor(['create']))
  @ApiIdempotent()
  @ApiProblems(403)
  @ApiCommitted()
  @ApiCreatedResponse({ type: ApplicationView })
  create(
    @CurrentActor() caller: Caller,
    @Body() body: ProfileDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.actions.create(caller, body, key);
  }

  @Get()
  @Roles('merchant')
  @ApiProblems(403)
  @ApiPageLimit()
  @ApiOkResponse({ type: ApplicationListView })
  list(
    @CurrentActor() caller: Caller,
    @Query('limit', new PageLimitPipe()) limit: number,
  ): Promise<ApplicationListView> {
    return this.reads.list(caller, limit);
  }

  @Get(':id')
  @Roles('merchant', ...STAFF)
  @ApiUuidParams('id')
  @ApiQuery({
    name: 'changedSince',
    required: false,
    schema: { type: 'integer', minimum: 0 },
    description:
      'Long poll: a `version` the caller has seen. The answer is held until the application has a later version, ' +
      'or `wait` seconds pass; either way it is the application as it is then (compare its `version`).',
  })
  @ApiQuery({
    name: 'wait',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: MAX_WAIT_SECONDS, default: DEFAULT_WAIT_SECONDS },
    description: `With changedSince: seconds to hold the answer at most, 1 to ${MAX_WAIT_SECONDS} (default ${DEFAULT_WAIT_SECONDS}). Without changedSince the answer comes at once.`,
  })
  @ApiProblems(404)
  @ApiOkResponse({ type: ApplicationView })
  get(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Query('changedSince', new WholeNumberQueryPipe('changedSince', 0, Number.MAX_SAFE_INTEGER))
    changedSince: number | undefined,
    @Query('wait', new WholeNumberQueryPipe('wait', 1, MAX_WAIT_SECONDS)) wait: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ApplicationView> {
    // Without a version to wait past there is nothing to wait for: `wait` alone answers at once (a
    // rule between two parameters is one the spec could not state).
    if (changedSince === undefined) return this.reads.get(caller, id);
    // A client that goes away ends its wait (and gives its long-poll slot back) at once.
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    return this.reads.get(caller, id, {
      changedSince,
      timeoutMs: (wait ?? DEFAULT_WAIT_SECONDS) * 1000,
      signal: gone.signal,
    });
  }

  @ActionEndpoint('updateDraft', 'Edits a draft (a new profile revision)')
  update(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: ProfileDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.actions.perform(caller, id, 'updateDraft', body, key);
  }

  @Get(':id/events')
  @Roles('merchant', ...STAFF)
  @ApiUuidParams('id')
  @ApiProblems(404)
  @ApiOkResponse({ type: TimelineView })
  events(@CurrentActor() caller: Caller, @Param('id', UuidPipe) id: string): Promise<TimelineView> {
    return this.reads.timeline(caller, id);
  }

  @ActionEndpoint('submit')
  submit(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.actions.perform(caller, id, 'submit', {}, key);
  }

  @ActionEndpoint('resubmit', 'Only the fields and documents the feedback targets may change')
  resubmit(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: ResubmitDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.actions.perform(caller, id, 'resubmit', body, key);
  }

  @ActionEndpoint('confirmMicroDeposit', 'Confirms the micro-deposit amount (3 attempts)')
  confirmMicroDeposit(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: MicroDepositDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.actions.perform(caller, id, 'confirmMicroDeposit', body, key);
  }

  @ActionEndpoint('acceptAgreement')
  acceptAgreement(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: AgreementDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.actions.perform(caller, id, 'acceptAgreement', body, key);
  }

  @Post(':id/credentials')
  @HttpCode(200)
  @Roles('merchant')
  @ApiUuidParams('id')
  @ApiIdempotent()
  @ApiProblems(403, 404)
  @ApiOkResponse({ type: CredentialView, description: 'Reveals the API secret exactly once; only a hash is kept' })
  @IdempotentReplay('refuse', ApiErrorCode.CredentialAlreadyRevealed)
  revealCredentials(@CurrentActor() caller: Caller, @Param('id', UuidPipe) id: string): Promise<CredentialView> {
    return this.actions.revealCredentials(caller, id);
  }

  @ActionEndpoint('withdraw')
  withdraw(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: WithdrawDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.actions.perform(caller, id, 'withdraw', body, key);
  }

  @ActionEndpoint('claim', 'One reviewer at a time; an idle claim expires')
  claim(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.actions.perform(caller, id, 'claim', {}, key);
  }

  @ActionEndpoint('release')
  release(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.actions.perform(caller, id, 'release', {}, key);
  }

  @ActionEndpoint('decide')
  decide(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: DecisionDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.actions.perform(caller, id, 'decide', body, key);
  }

  @ActionEndpoint('addNote', 'An internal note; merchants never see it')
  addNote(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: NoteDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.actions.perform(caller, id, 'addNote', body, key);
  }

  @ActionEndpoint('reassign')
  reassign(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: ReassignDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.actions.perform(caller, id, 'reassign', body, key);
  }

  @ActionEndpoint(
    'retryOperation',
    'On an operations hold: runs the failed automated step again, resuming where it stood',
  )
  retry(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.actions.perform(caller, id, 'retryOperation', {}, key);
  }

  @ActionEndpoint(
    'resolveScreeningHit',
    'Resolves one screening hit: a false positive (with a note), or a true match (senior reviewers), a final rejection',
  )
  @ApiParam({ name: 'hitId', required: true, schema: { type: 'string', pattern: SCREENING_HIT_ID_PATTERN } })
  resolveScreeningHit(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Param('hitId', ScreeningHitIdPipe) hitId: string,
    @Body() body: ScreeningResolutionDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.actions.perform(caller, id, 'resolveScreeningHit', { hitId, ...body }, key);
  }

  @ActionEndpoint('cancel')
  cancel(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: CancelDto,
    @IdempotencyKey() key?: string,
  ): Promise<ApplicationView> {
    return this.actions.perform(caller, id, 'cancel', body, key);
  }
}
