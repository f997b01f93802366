import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { Caller } from '../auth/caller';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiGuardedProblems, ApiIdempotent, ApiProblems, ApiUuidParams } from '../common/api-docs';
import { UuidPipe } from '../common/request-params';
import { WebhooksService } from './webhooks.service';

class CreateWebhookEndpointDto {
  @ApiProperty({
    example: 'https://merchant.example.com/hooks/onboarding',
    maxLength: 2000,
    format: 'uri',
    pattern: '^https://',
    description:
      'An https URL without credentials on a host that can be public: IP literals, localhost and local names are refused (400)',
  })
  @IsString()
  @Length(1, 2000)
  url!: string;
}

class WebhookEndpointView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

class CreatedWebhookEndpointView extends WebhookEndpointView {
  @ApiProperty({ description: 'Signing secret, shown once: verify Webhook-Signature (HMAC-SHA256 of "t.body")' })
  secret!: string;
}

class WebhookEndpointListView {
  @ApiProperty({ type: [WebhookEndpointView] }) items!: WebhookEndpointView[];
}

/** A merchant's webhook endpoints: status changes of its applications are POSTed there, signed. */
@ApiTags('webhooks')
@ApiBearerAuth()
@ApiGuardedProblems()
@Controller('v1/webhook-endpoints')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Roles('merchant')
  @ApiIdempotent()
  @ApiProblems(403)
  @ApiCreatedResponse({ type: CreatedWebhookEndpointView })
  async create(
    @CurrentActor() caller: Caller,
    @Body() body: CreateWebhookEndpointDto,
  ): Promise<CreatedWebhookEndpointView> {
    return this.webhooks.create(caller, body.url);
  }

  @Get()
  @Roles('merchant')
  @ApiProblems(403)
  @ApiOkResponse({ type: WebhookEndpointListView })
  async list(@CurrentActor() caller: Caller): Promise<WebhookEndpointListView> {
    return { items: await this.webhooks.list(caller) };
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('merchant')
  @ApiUuidParams('id')
  @ApiProblems(403, 404)
  @ApiNoContentResponse()
  remove(@CurrentActor() caller: Caller, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.webhooks.remove(caller, id);
  }
}
