import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';

const count = (description: string): ApiPropertyOptions => ({ type: 'integer', minimum: 0, description });

export class ReviewQueueSummaryView {
  @ApiProperty(count('Open reviews: in review or awaiting a second approval')) depth!: number;
  @ApiProperty(count('Open reviews past their SLA due time')) slaBreached!: number;
  @ApiProperty(count('Open reviews escalated for breaching their SLA')) escalated!: number;
}

export class DurationSummaryView {
  @ApiProperty(count('Applications that reached the milestone in the window')) count!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    description: 'Median, in seconds (interpolated); null when count is 0',
  })
  p50Seconds!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    description: '90th percentile, in seconds (interpolated); null when count is 0',
  })
  p90Seconds!: number | null;
}

export class ReviewDurationsView {
  @ApiProperty({
    type: DurationSummaryView,
    description: 'From first submission to the first decision (approve, request changes or reject)',
  })
  submissionToFirstDecision!: DurationSummaryView;
  @ApiProperty({ type: DurationSummaryView, description: 'From first submission to activation' })
  submissionToActivation!: DurationSummaryView;
}

export class MetricsWindowView {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 90 }) days!: number;
  @ApiProperty({ format: 'date', description: 'First day (UTC), included' }) from!: string;
  @ApiProperty({ format: 'date', description: 'Last day (UTC, today), included' }) to!: string;
}

export class ReviewCountsView {
  @ApiProperty(count('First submissions (resubmissions are not counted)')) submitted!: number;
  @ApiProperty(count('Approvals (the final one, after a second approval where one is required)')) approved!: number;
  @ApiProperty(count('Requests for changes')) changesRequested!: number;
  @ApiProperty(count('Final rejections, by reviewers and by the resubmission limit')) rejected!: number;
  @ApiProperty(count('Wallets activated')) activated!: number;
}

export class DailyReviewCountsView extends ReviewCountsView {
  @ApiProperty({ format: 'date', description: 'UTC day' }) date!: string;
}

export class AdminMetricsView {
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: ReviewQueueSummaryView, description: 'The review queue now' })
  queue!: ReviewQueueSummaryView;
  @ApiProperty({ type: MetricsWindowView }) window!: MetricsWindowView;
  @ApiProperty({
    type: ReviewDurationsView,
    description: 'Durations of the applications that reached the milestone within the window',
  })
  durations!: ReviewDurationsView;
  @ApiProperty({ type: ReviewCountsView, description: 'The sums of `daily`' }) totals!: ReviewCountsView;
  @ApiProperty({
    type: [DailyReviewCountsView],
    description: 'One entry per day of the window, oldest first; days without events are zeros',
  })
  daily!: DailyReviewCountsView[];
}
