import { Injectable } from '@nestjs/common';
import {
  FINAL_REJECTION_CODE_TEXTS,
  FINAL_REJECTION_CODES,
  isDocumentType,
  REASON_TARGET_LABELS,
  REASON_TARGETS,
  RESUBMITTABLE_CODE_TEXTS,
  RESUBMITTABLE_CODES,
  type Language,
} from '@mo/domain';
import type { ReasonCatalogueView } from './reasons.dto';

/** The reason catalogue in one language, from the domain's codes, targets and texts. */
@Injectable()
export class ReasonsService {
  catalogue(language: Language): ReasonCatalogueView {
    return {
      language,
      resubmittable: RESUBMITTABLE_CODES.map((code) => ({ code, text: RESUBMITTABLE_CODE_TEXTS[code][language] })),
      finalRejection: FINAL_REJECTION_CODES.map((code) => ({ code, text: FINAL_REJECTION_CODE_TEXTS[code][language] })),
      targets: REASON_TARGETS.map((target) => ({
        target,
        kind: isDocumentType(target) ? 'document' : target.includes('.') ? 'field' : 'section',
        label: REASON_TARGET_LABELS[target][language],
        labels: { ...REASON_TARGET_LABELS[target] },
      })),
    };
  }
}
