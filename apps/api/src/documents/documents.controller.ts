import { Body, Controller, Get, Param, Post, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { DOCUMENT_TYPES, OWNER_ID_PATTERN } from '@mo/domain';
import type { Caller } from '../auth/caller';
import { DocumentView } from '../applications/dto/application-view.dto';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiGuardedProblems, ApiIdempotent, ApiProblems, ApiUuidParams } from '../common/api-docs';
import { IdempotencyKey, UuidPipe } from '../common/request-params';
import { DocumentsService, type UploadedFile as StoredFile } from './documents.service';

const DOCUMENT_KEY_DESCRIPTION =
  'A document type, or beneficial_owner_id[<owner id>]: the ID document of one beneficial owner';

// One pattern for both kinds of key, so the spec states exactly what the service accepts.
const DOCUMENT_KEY_PATTERN = `^(${DOCUMENT_TYPES.join('|')}|beneficial_owner_id\\[${OWNER_ID_PATTERN.source.slice(1, -1)}\\])$`;

class UploadDto {
  @ApiProperty({ description: DOCUMENT_KEY_DESCRIPTION, pattern: DOCUMENT_KEY_PATTERN, example: 'business_license' })
  @IsString()
  @Length(1, 50)
  type!: string;
}

@ApiTags('documents')
@ApiBearerAuth()
@ApiGuardedProblems()
@ApiUuidParams('id')
@Controller('v1/applications/:id/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @Roles('merchant')
  @ApiIdempotent('A retried upload with the same key is stored once; the same key with another file is 422')
  @ApiProblems(403, 404, 413, 415)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['type', 'file'],
      properties: {
        type: { type: 'string', description: DOCUMENT_KEY_DESCRIPTION, pattern: DOCUMENT_KEY_PATTERN },
        file: { type: 'string', format: 'binary', minLength: 1 },
      },
    },
  })
  @ApiCreatedResponse({ type: DocumentView })
  upload(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Body() body: UploadDto,
    @UploadedFile() file: StoredFile | undefined,
    @IdempotencyKey() key?: string,
  ): Promise<DocumentView> {
    return this.documents.upload(caller, id, body.type, file, key);
  }

  @Get(':documentId')
  @Roles('merchant', 'reviewer', 'senior_reviewer', 'admin')
  @ApiUuidParams('documentId')
  @ApiProblems(404)
  @ApiOkResponse({
    description: 'The file, with its content type',
    content: Object.fromEntries(
      ['application/pdf', 'image/png', 'image/jpeg'].map((m) => [m, { schema: { type: 'string', format: 'binary' } }]),
    ),
  })
  async download(
    @CurrentActor() caller: Caller,
    @Param('id', UuidPipe) id: string,
    @Param('documentId', UuidPipe) documentId: string,
  ): Promise<StreamableFile> {
    const { doc, stream } = await this.documents.download(caller, id, documentId);
    return new StreamableFile(stream, {
      type: doc.mediaType,
      length: doc.size,
      disposition: `attachment; filename="${doc.type}.${doc.mediaType.split('/')[1]}"`,
    });
  }
}
