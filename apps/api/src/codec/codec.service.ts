import { Inject, Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { PayloadCodec } from '@temporalio/common';
import { JSONToPayload, payloadToJSON, type JSONPayload } from '@temporalio/common/lib/proto-utils';
import { IsArray, IsObject } from 'class-validator';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import { dataConverterFor } from '@mo/temporal';
import { ApiError, ApiErrorCode } from '../errors/api-error';

export class CodecPayloads {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  @IsArray()
  @IsObject({ each: true })
  payloads!: JSONPayload[];
}

/** The operators' codec: decrypts Temporal payloads with the configured keys (never encrypts: see the controller). */
@Injectable()
export class CodecService {
  private readonly codec: PayloadCodec | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // Operators read whole histories here, plaintext payloads included; clients and workers refuse those.
    this.codec = dataConverterFor(config.temporal.codec, { allowPlaintext: true }).payloadCodecs?.[0];
  }

  decode = (body: CodecPayloads): Promise<CodecPayloads> => this.apply(body, (codec, p) => codec.decode(p));

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
