import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { LANGUAGES, ROLES, type Language } from '@mo/domain';
import { Roles } from '../auth/auth.decorators';
import { ApiGuardedProblems } from '../common/api-docs';
import { AnswerLanguage } from '../common/language';
import { ReasonCatalogueView } from './reasons.dto';
import { ReasonsService } from './reasons.service';

/** The reason codes and targets reviewers choose from, with texts merchants and staff can read. */
@ApiTags('reasons')
@ApiBearerAuth()
@ApiGuardedProblems()
@Controller('v1/reasons')
export class ReasonsController {
  constructor(private readonly reasons: ReasonsService) {}

  @Get()
  @Roles(...ROLES)
  @ApiHeader({
    name: 'Accept-Language',
    required: false,
    description: 'en (the default) or zh-CN (also zh, zh-Hans…); q-values are honoured',
    schema: { type: 'string' },
  })
  @ApiOkResponse({
    type: ReasonCatalogueView,
    description: 'Resubmittable and final rejection codes with their default texts, and the valid reason targets',
    headers: { 'Content-Language': { schema: { type: 'string', enum: [...LANGUAGES] } } },
  })
  catalogue(@AnswerLanguage() language: Language): ReasonCatalogueView {
    return this.reasons.catalogue(language);
  }
}
