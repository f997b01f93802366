import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import { WebhookRepository } from '@mo/persistence';
import type { Caller } from '../applications/applications.service';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiGuardedProblems, ApiIdempotent, ApiProblems, ApiUuidParams } from '../common/api-docs';
import { UuidPipe } from '../common/request-params';
import { ApiError, ApiErrorCode } from '../errors/api-error';
import { webhookUrlProblem } from './webhook-url';

class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://merchant.example.com/hooks/onboarding', maxLength: 2000 })
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
  constructor(
    private readonly webhooks: WebhookRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @Roles('merchant')
  @ApiIdempotent()
  @ApiProblems(403)
  @ApiCreatedResponse({ type: CreatedWebhookEndpointView })
  async create(
    @CurrentActor() caller: Caller,
    @Body() body: CreateWebhookEndpointDto,
  ): Promise<CreatedWebhookEndpointView> {
    const problem = webhookUrlProblem(body.url, this.config.webhooks.allowLocalhost);
    if (problem !== null) {
      throw new ApiError(ApiErrorCode.ValidationFailed, `The webhook URL ${problem}`, [
        { field: 'url', message: problem },
      ]);
    }
    const max = this.config.webhooks.maxEndpointsPerMerchant;
    const e = await this.webhooks.createWithin(caller.id, body.url, max);
    if (e === null) {
      throw new ApiError(
        ApiErrorCode.WebhookEndpointLimitReached,
        `A merchant may have at most ${max} webhook endpoints; remove one first`,
      );
    }
    return { id: e.id, url: e.url, createdAt: e.createdAt.toISOString(), secret: e.secret };
  }

  @Get()
  @Roles('merchant')
  @ApiProblems(403)
  @ApiOkResponse({ type: WebhookEndpointListView })
  async list(@CurrentActor() caller: Caller): Promise<WebhookEndpointListView> {
    const rows = await this.webhooks.listActive(caller.id);
    return { items: rows.map((e) => ({ id: e.id, url: e.url, createdAt: e.createdAt.toISOString() })) };
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('merchant')
  @ApiUuidParams('id')
  @ApiProblems(403, 404)
  @ApiNoContentResponse()
  async remove(@CurrentActor() caller: Caller, @Param('id', UuidPipe) id: string): Promise<void> {
    if (!(await this.webhooks.disable(caller.id, id))) {
      throw new ApiError(ApiErrorCode.WebhookEndpointNotFound, `No webhook endpoint ${id}`);
    }
  }
}
