import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';

const bool = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class ReviewQueueQuery {
  @ApiPropertyOptional({ enum: ['in_review', 'awaiting_second_approval'] })
  @IsOptional()
  @IsIn(['in_review', 'awaiting_second_approval'])
  status?: 'in_review' | 'awaiting_second_approval';

  @ApiPropertyOptional({ enum: ['low', 'medium', 'high'] })
  @IsOptional()
  @IsIn(['low', 'medium', 'high'])
  risk?: 'low' | 'medium' | 'high';

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  escalated?: boolean;

  @ApiPropertyOptional({ description: 'Reviewer id; "me" for yourself' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  assignee?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: claimed only; false: unclaimed only' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  claimed?: boolean;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  // strict: a real calendar date (2024-02-30 is refused, not handed to PostgreSQL).
  @IsISO8601({ strict: true, strictSeparator: true })
  submittedBefore?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  // strict: a real calendar date (2024-02-30 is refused, not handed to PostgreSQL).
  @IsISO8601({ strict: true, strictSeparator: true })
  submittedAfter?: string;

  @ApiPropertyOptional({
    description: 'Format cursor: the nextCursor of the previous page, as the API gave it (anything else is 400)',
    format: 'cursor',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
