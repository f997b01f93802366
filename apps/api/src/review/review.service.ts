import { Injectable } from '@nestjs/common';
import { ApplicationRepository, NotificationRepository } from '@mo/persistence';
import type { Caller } from '../auth/caller';
import type { QueueItemView } from '../applications/dto/application-view.dto';
import type { ReviewQueueQuery } from './review-queue.dto';
import type { StaffNotificationListView } from './staff-notification.dto';

export interface QueuePage {
  readonly items: QueueItemView[];
  /** Where the next page starts, when this one is full. */
  readonly next: { readonly slaDueAt: Date | null; readonly id: string } | null;
}

/** The reviewers' side: the work queue and the senior reviewers' inbox (SLA escalations). */
@Injectable()
export class ReviewService {
  constructor(
    private readonly applications: ApplicationRepository,
    private readonly notifications: NotificationRepository,
  ) {}

  async queue(
    caller: Caller,
    q: ReviewQueueQuery,
    after: { slaDueAt: string; id: string } | undefined,
  ): Promise<QueuePage> {
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
        ...(after ? { after } : {}),
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
      next: rows.length === limit && last ? { slaDueAt: last.slaDueAt, id: last.id } : null,
    };
  }

  /** Escalations written to the outbox with their events, newest first: what senior reviewers must pick up. */
  async escalations(limit: number): Promise<StaffNotificationListView> {
    const rows = await this.notifications.listForStaff('senior_reviewers', limit);
    return { items: rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() })) };
  }
}
