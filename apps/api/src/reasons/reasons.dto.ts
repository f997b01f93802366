import { ApiProperty } from '@nestjs/swagger';
import {
  FINAL_REJECTION_CODES,
  LANGUAGES,
  REASON_TARGETS,
  RESUBMITTABLE_CODES,
  type FinalRejectionCode,
  type Language,
  type ReasonTarget,
  type ResubmittableCode,
} from '@mo/domain';

export class ResubmittableReasonView {
  @ApiProperty({ enum: RESUBMITTABLE_CODES }) code!: ResubmittableCode;
  @ApiProperty({ description: "The code's default text, in the answer's language" }) text!: string;
}

export class FinalRejectionReasonView {
  @ApiProperty({ enum: FINAL_REJECTION_CODES }) code!: FinalRejectionCode;
  @ApiProperty({ description: "The code's default text, in the answer's language" }) text!: string;
}

export class LocalizedTextView {
  @ApiProperty() en!: string;
  @ApiProperty() 'zh-CN'!: string;
}

export class ReasonTargetView {
  @ApiProperty({ enum: REASON_TARGETS, description: 'What a reason may target (request_changes reasons[].target)' })
  target!: ReasonTarget;
  @ApiProperty({
    enum: ['section', 'field', 'document'],
    description: 'A profile section (opens all its fields), one field, or a document type',
  })
  kind!: 'section' | 'field' | 'document';
  @ApiProperty({ description: "In the answer's language" }) label!: string;
  @ApiProperty({ type: LocalizedTextView, description: 'In every language' }) labels!: LocalizedTextView;
}

export class ReasonCatalogueView {
  @ApiProperty({ enum: LANGUAGES, description: 'The language of the texts (also in Content-Language)' })
  language!: Language;
  @ApiProperty({ type: [ResubmittableReasonView], description: 'Codes of a request for changes' })
  resubmittable!: ResubmittableReasonView[];
  @ApiProperty({ type: [FinalRejectionReasonView], description: 'Codes of a final rejection' })
  finalRejection!: FinalRejectionReasonView[];
  @ApiProperty({ type: [ReasonTargetView] }) targets!: ReasonTargetView[];
}
