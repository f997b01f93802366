import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApplicationRepository } from '@mo/persistence';
import type { Caller } from '../applications/applications.service';
import { QueueView } from '../applications/dto/application-view.dto';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiError, ApiErrorCode } from '../errors/api-error';
import { ReviewQueueQuery } from './review-queue.dto';

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
@Controller('v1/review')
export class ReviewController {
  constructor(private readonly applications: ApplicationRepository) {}

  @Get('queue')
  @Roles('reviewer', 'senior_reviewer', 'admin')
  @ApiOkResponse({ type: QueueView })
  async queue(@CurrentActor() caller: Caller, @Query() q: ReviewQueueQuery): Promise<QueueView> {
    const limit = q.limit ?? 50;
    const rows = await this.applications.reviewQueue(
      {
        ...(q.status ? { status: q.status } : {}),
        ...(q.risk ? { risk: q.risk } : {}),
        ...(q.escalated !== undefined ? { escalated: q.escalated } : {}),
        ...(q.assignee ? { assignee: q.assignee === 'me' ? caller.id : q.assignee } : {}),
        ...(q.claimed !== undefined ? { claimed: q.claimed } : {}),
        ...(q.submittedBefore ? { submittedBefore: q.submittedBefore } : {}),
        ...(q.submittedAfter ? { submittedAfter: q.submittedAfter } : {}),
        ...(q.after ? { after: decode(q.after) } : {}),
      },
      limit,
    );
    const last = rows[rows.length - 1];
    return {
      items: rows.map((r) => ({
        id: r.id,
        status: r.status,
        riskLevel: r.riskLevel,
        escalated: r.escalated,
        assigneeId: r.assigneeId,
        round: r.round,
        submittedAt: r.submittedAt?.toISOString() ?? null,
        slaDueAt: r.slaDueAt?.toISOString() ?? null,
      })),
      nextCursor: rows.length === limit && last ? encode(last.slaDueAt, last.id) : null,
    };
  }
}
