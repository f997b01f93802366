import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/caller';
import { QueueView } from '../applications/dto/application-view.dto';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiPageLimit, PageLimitPipe } from '../common/request-params';
import { ApiGuardedProblems, ApiProblems } from '../common/api-docs';
import { ApiError, ApiErrorCode } from '../errors/api-error';
import { ReviewQueueQuery } from './review-queue.dto';
import { ReviewService } from './review.service';
import { StaffNotificationListView } from './staff-notification.dto';

const encode = (slaDueAt: Date | null, id: string): string =>
  Buffer.from(JSON.stringify([slaDueAt?.toISOString() ?? null, id])).toString('base64url');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor is only what encode() wrote: a real timestamp and a UUID; anything else is a 400, not a SQL error. */
function decode(cursor: string): { slaDueAt: string; id: string } {
  try {
    const [slaDueAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    if (
      typeof slaDueAt === 'string' &&
      typeof id === 'string' &&
      UUID.test(id) &&
      !Number.isNaN(Date.parse(slaDueAt)) &&
      new Date(slaDueAt).toISOString() === slaDueAt
    ) {
      return { slaDueAt, id };
    }
  } catch {
    // fall through
  }
  throw new ApiError(ApiErrorCode.ValidationFailed, 'Invalid cursor', [
    { field: 'after', message: 'is not a cursor from this API' },
  ]);
}

/** The reviewers' work queue: what needs a decision, most urgent SLA first. */
@ApiTags('review')
@ApiBearerAuth()
@ApiGuardedProblems()
@Controller('v1/review')
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  @Get('queue')
  @Roles('reviewer', 'senior_reviewer', 'admin')
  @ApiProblems(403)
  @ApiOkResponse({ type: QueueView })
  async queue(@CurrentActor() caller: Caller, @Query() q: ReviewQueueQuery): Promise<QueueView> {
    const page = await this.review.queue(caller, q, q.after ? decode(q.after) : undefined);
    return { items: page.items, nextCursor: page.next ? encode(page.next.slaDueAt, page.next.id) : null };
  }

  @Get('notifications')
  @Roles('senior_reviewer', 'admin')
  @ApiProblems(403)
  @ApiPageLimit()
  @ApiOkResponse({ type: StaffNotificationListView, description: 'SLA escalations for senior reviewers, newest first' })
  notifications(@Query('limit', new PageLimitPipe()) limit: number): Promise<StaffNotificationListView> {
    return this.review.escalations(limit);
  }
}
