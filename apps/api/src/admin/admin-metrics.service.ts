import { Injectable } from '@nestjs/common';
import { BusinessMetricsRepository, type DailyMilestones, type DurationPercentiles } from '@mo/persistence';
import type { AdminMetricsView, DurationSummaryView, ReviewCountsView } from './admin-metrics.dto';

const DAY_MS = 86_400_000;
const utcDate = (at: Date): string => at.toISOString().slice(0, 10);

function summary(p: DurationPercentiles): DurationSummaryView {
  return { count: p.count, p50Seconds: p.p50, p90Seconds: p.p90 };
}

function totalOf(daily: readonly DailyMilestones[]): ReviewCountsView {
  const totals: ReviewCountsView = { submitted: 0, approved: 0, changesRequested: 0, rejected: 0, activated: 0 };
  for (const day of daily) {
    totals.submitted += day.submitted;
    totals.approved += day.approved;
    totals.changesRequested += day.changesRequested;
    totals.rejected += day.rejected;
    totals.activated += day.activated;
  }
  return totals;
}

/** The review dashboard's figures: the queue now, and the last `days` UTC days, today included. */
@Injectable()
export class AdminMetricsService {
  constructor(private readonly metrics: BusinessMetricsRepository) {}

  async overview(days: number, now = new Date()): Promise<AdminMetricsView> {
    const today = Date.parse(utcDate(now));
    const since = new Date(today - (days - 1) * DAY_MS);
    const from = utcDate(since);
    const to = utcDate(now);
    const [queue, firstDecision, activation, daily] = await Promise.all([
      this.metrics.reviewQueue(),
      this.metrics.durationPercentiles('first_decision', since),
      this.metrics.durationPercentiles('activation', since),
      this.metrics.dailyMilestones(from, to),
    ]);
    return {
      generatedAt: now.toISOString(),
      queue: { depth: queue.depth, slaBreached: queue.slaBreached, escalated: queue.escalated },
      window: { days, from, to },
      durations: { submissionToFirstDecision: summary(firstDecision), submissionToActivation: summary(activation) },
      totals: totalOf(daily),
      daily: daily.map((d) => ({ ...d })),
    };
  }
}
