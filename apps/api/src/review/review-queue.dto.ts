import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isCalendarDate, isDateTime } from '@mo/domain';

/**
 * RFC 3339, as the spec's `format: date-time` says (lower-case `t`/`z` and leap seconds included);
 * a bare calendar date (midnight UTC) is still taken, as it always was.
 */
@ValidatorConstraint({ name: 'dateTime' })
class DateTimeCheck implements ValidatorConstraintInterface {
  validate = (value: unknown): boolean => typeof value === 'string' && (isDateTime(value) || isCalendarDate(value));
  defaultMessage = (args?: ValidationArguments): string =>
    `${args?.property ?? 'value'} must be an RFC 3339 date-time with a real calendar date (e.g. 2026-12-07T12:00:00Z)`;
}
/** PostgreSQL reads either case; the canonical one goes on. */
const upper = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.toUpperCase() : value);

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
  // A real calendar date (2024-02-30 is refused, not handed to PostgreSQL).
  @Validate(DateTimeCheck)
  @Transform(upper)
  submittedBefore?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  // A real calendar date (2024-02-30 is refused, not handed to PostgreSQL).
  @Validate(DateTimeCheck)
  @Transform(upper)
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
