import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiGuardedProblems, ApiProblems } from '../common/api-docs';
import { CodecPayloads, CodecService } from './codec.service';

/**
 * Temporal's remote codec protocol, so authorised operators can read encrypted histories in the
 * Temporal UI (Data Encoder → this URL, passing their access token) or with the CLI.
 *
 * Decode only: there is no `/codec/encode`. An encoder would mint authentic payloads on request
 * (the remote codec protocol names no workflow, so they could not be bound to one), and whoever
 * holds an admin token and reaches Temporal could then act on any application past the API's
 * rules. Every action goes through the API.
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
}
