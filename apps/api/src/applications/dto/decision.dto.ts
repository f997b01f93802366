import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { FINAL_REJECTION_CODES, type FinalRejectionCode } from '@mo/domain';

export class DecisionDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  decision!: 'approve' | 'reject';

  @ApiPropertyOptional({ enum: FINAL_REJECTION_CODES, description: 'Required when rejecting' })
  @ValidateIf((o: DecisionDto) => o.decision === 'reject')
  @IsIn(FINAL_REJECTION_CODES)
  code?: FinalRejectionCode;

  @ApiPropertyOptional({ description: 'Shown to the merchant; required when rejecting', maxLength: 2000 })
  @ValidateIf((o: DecisionDto) => o.decision === 'reject')
  @IsString()
  @Length(1, 2000)
  message?: string;

  @ApiPropertyOptional({ description: 'Internal note, never shown to the merchant', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}
