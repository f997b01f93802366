import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsString, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { DOCUMENT_TYPES, SCREENING_RESOLUTIONS, type ScreeningResolution } from '@mo/domain';
import { OptionalNotNull } from '../../common/validation';
import { ApiSchemaRefinement } from '../../common/validation-docs';
import { ProfileDto } from './profile.dto';

export class WithdrawDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

export class CancelDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class NoteDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  note!: string;
}

export class ReassignDto {
  @ApiProperty({ description: 'The reviewer to assign' })
  @IsString()
  @Length(1, 200)
  reviewerId!: string;

  @ApiProperty({ enum: ['reviewer', 'senior_reviewer'] })
  @IsIn(['reviewer', 'senior_reviewer'])
  reviewerRole!: 'reviewer' | 'senior_reviewer';
}

export class MicroDepositDto {
  @ApiProperty({ description: 'The amount received, in CNY', example: '0.37' })
  @IsString()
  @Matches(/^0?[.,]\d{2}$/, {
    message: 'amount must be the micro-deposit received, between 0.01 and 0.99, written like 0.37',
  })
  amount!: string;
}

export class AgreementDto {
  @ApiProperty({ description: 'The agreement version being accepted', example: '2026-01' })
  @IsString()
  @Length(1, 50)
  version!: string;

  @ApiProperty({ description: 'The legal representative accepting it', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  signatory!: string;
}

export class ResubmitDto {
  @ApiProperty({ type: ProfileDto, description: 'Only fields the feedback targets may change' })
  @IsDefined()
  @ValidateNested()
  @Type(() => ProfileDto)
  changes!: ProfileDto;

  @ApiPropertyOptional({
    description: 'Replacement documents by type (or beneficial_owner_id[<owner id>]): ids returned by the upload route',
    type: 'object',
    // Keyed by document type or owner document key only (the service refuses any other key).
    properties: Object.fromEntries(DOCUMENT_TYPES.map((type) => [type, { type: 'string', format: 'uuid' }])),
    additionalProperties: { type: 'string', format: 'uuid' },
    example: { business_license: '8f0c…' },
  })
  @OptionalNotNull()
  @IsObject()
  documents?: Record<string, string>;
}

// What each resolution requires (the ValidateIf rule below), as the spec states it.
@ApiSchemaRefinement({
  oneOf: [
    { properties: { resolution: { type: 'string', enum: ['false_positive'] } }, required: ['note'] },
    { properties: { resolution: { type: 'string', enum: ['true_match'] } } },
  ],
})
export class ScreeningResolutionDto {
  @ApiProperty({
    enum: SCREENING_RESOLUTIONS,
    description: '`false_positive` needs a note; `true_match` (senior reviewers only) rejects the application for good',
  })
  @IsIn(SCREENING_RESOLUTIONS)
  resolution!: ScreeningResolution;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 2000,
    pattern: '\\S',
    description: 'Why (internal; required for a false positive)',
  })
  @ValidateIf((o: ScreeningResolutionDto) => o.resolution === 'false_positive' || o.note !== undefined)
  @IsString()
  @Matches(/\S/, { message: 'note must say why the hit is a false positive' })
  @Length(1, 2000)
  note?: string;
}
