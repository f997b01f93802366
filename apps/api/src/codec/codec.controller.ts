import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiGuardedProblems, ApiProblems } from '../common/api-docs';
import { CodecPayloads, CodecService } from './codec.service';

/**
 * Temporal's remote codec protocol, so authorised operators can read encrypted histories in the
 * Temporal UI (Data Encoder → this URL, passing their access token) or with the CLI.
 */
@ApiTags('operations')
@ApiBearerAuth()
@ApiGuardedProblems()
@ApiProblems(403)
@Controller('codec')
export class CodecController {
  constructor(private readonly codec: CodecService) {}

  @Post('decode')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: CodecPayloads })
  decode(@Body() body: CodecPayloads): Promise<CodecPayloads> {
    return this.codec.decode(body);
  }

  @Post('encode')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: CodecPayloads })
  encode(@Body() body: CodecPayloads): Promise<CodecPayloads> {
    return this.codec.encode(body);
  }
}
