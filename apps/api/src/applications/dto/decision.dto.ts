import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsString,
  Length,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  FINAL_REJECTION_CODES,
  MIN_CHANGE_REASONS,
  RESUBMITTABLE_CODES,
  type FinalRejectionCode,
  type ResubmittableCode,
} from '@mo/domain';
import { OptionalNotNull } from '../../common/validation';
import { ApiSchemaRefinement } from '../../common/validation-docs';

export class ChangeReasonDto {
  @ApiProperty({
    description:
      'A field path (e.g. business.uscc, bankAccount, beneficialOwners[owner-1].idNumber), a document type or ' +
      'an owner document (beneficial_owner_id[owner-1])',
    example: 'business_license',
  })
  @IsString()
  @Length(1, 100)
  target!: string;

  @ApiProperty({ enum: RESUBMITTABLE_CODES })
  @IsIn(RESUBMITTABLE_CODES)
  code!: ResubmittableCode;

  @ApiProperty({ description: 'Shown to the merchant: what exactly to fix', maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  message!: string;
}

// What each decision requires (the ValidateIf rules below), as the spec states it.
@ApiSchemaRefinement({
  oneOf: [
    { properties: { decision: { type: 'string', enum: ['approve'] } } },
    { properties: { decision: { type: 'string', enum: ['request_changes'] } }, required: ['reasons'] },
    { properties: { decision: { type: 'string', enum: ['reject'] } }, required: ['code', 'message'] },
  ],
})
export class DecisionDto {
  @ApiProperty({ enum: ['approve', 'request_changes', 'reject'] })
  @IsIn(['approve', 'request_changes', 'reject'])
  decision!: 'approve' | 'request_changes' | 'reject';

  @ApiPropertyOptional({ type: [ChangeReasonDto], description: 'Required for request_changes' })
  // Validated whenever present too, so a null never slips past as "not needed here".
  @ValidateIf((o: DecisionDto, v: unknown) => o.decision === 'request_changes' || v !== undefined)
  @IsArray()
  // The domain's bound (validateReasons), refused here already as a bad request.
  @ArrayMinSize(MIN_CHANGE_REASONS)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ChangeReasonDto)
  reasons?: ChangeReasonDto[];

  @ApiPropertyOptional({ enum: FINAL_REJECTION_CODES, description: 'Required for reject' })
  @ValidateIf((o: DecisionDto, v: unknown) => o.decision === 'reject' || v !== undefined)
  @IsIn(FINAL_REJECTION_CODES)
  code?: FinalRejectionCode;

  @ApiPropertyOptional({ description: 'Shown to the merchant; required for reject', maxLength: 2000 })
  @ValidateIf((o: DecisionDto, v: unknown) => o.decision === 'reject' || v !== undefined)
  @IsString()
  @Length(1, 2000)
  message?: string;

  @ApiPropertyOptional({ description: 'Internal note, never shown to the merchant', maxLength: 2000 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 2000)
  note?: string;
}
