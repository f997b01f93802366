import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { PayloadCodec } from '@temporalio/common';
import { JSONToPayload, payloadToJSON, type JSONPayload } from '@temporalio/common/lib/proto-utils';
import { IsArray, IsObject } from 'class-validator';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import { dataConverterFor } from '@mo/temporal';
import { Roles } from '../auth/auth.decorators';
import { ApiGuardedProblems, ApiProblems } from '../common/api-docs';
import { ApiError, ApiErrorCode } from '../errors/api-error';

class CodecPayloads {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  @IsArray()
  @IsObject({ each: true })
  payloads!: JSONPayload[];
}

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
  private readonly codec: PayloadCodec | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // Operators read whole histories here, plaintext payloads included; clients and workers refuse those.
    this.codec = dataConverterFor(config.temporal.codec, { allowPlaintext: true }).payloadCodecs?.[0];
  }

  @Post('decode')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: CodecPayloads })
  decode(@Body() body: CodecPayloads): Promise<CodecPayloads> {
    return this.apply(body, (codec, payloads) => codec.decode(payloads));
  }

  @Post('encode')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: CodecPayloads })
  encode(@Body() body: CodecPayloads): Promise<CodecPayloads> {
    return this.apply(body, (codec, payloads) => codec.encode(payloads));
  }

  private async apply(
    body: CodecPayloads,
    fn: (
      codec: PayloadCodec,
      payloads: ReturnType<typeof JSONToPayload>[],
    ) => Promise<ReturnType<typeof JSONToPayload>[]>,
  ): Promise<CodecPayloads> {
    if (this.codec === undefined) return body;
    try {
      const out = await fn(this.codec, body.payloads.map(JSONToPayload));
      return { payloads: out.map(payloadToJSON) };
    } catch {
      throw new ApiError(ApiErrorCode.ValidationFailed, 'The payloads could not be decoded with the configured keys');
    }
  }
}
