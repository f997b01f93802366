import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import { WebhookRepository } from '@mo/persistence';
import type { Caller } from '../auth/caller';
import { ApiError, ApiErrorCode } from '../errors/api-error';
import { webhookUrlProblem } from './webhook-url';

export interface WebhookEndpointRecord {
  readonly id: string;
  readonly url: string;
  readonly createdAt: string;
}

/** A merchant's webhook endpoints: registration rules (public https URL, a cap per merchant). */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhookRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(caller: Caller, url: string): Promise<WebhookEndpointRecord & { readonly secret: string }> {
    const { allowLocalhost, allowedPorts } = this.config.webhooks;
    const problem = webhookUrlProblem(url, allowLocalhost, allowedPorts);
    if (problem !== null) {
      throw new ApiError(ApiErrorCode.ValidationFailed, `The webhook URL ${problem}`, [
        { field: 'url', message: problem },
      ]);
    }
    const max = this.config.webhooks.maxEndpointsPerMerchant;
    const e = await this.webhooks.createWithin(caller.id, url, max);
    if (e === null) {
      throw new ApiError(
        ApiErrorCode.WebhookEndpointLimitReached,
        `A merchant may have at most ${max} webhook endpoints; remove one first`,
      );
    }
    return { id: e.id, url: e.url, createdAt: e.createdAt.toISOString(), secret: e.secret };
  }

  async list(caller: Caller): Promise<WebhookEndpointRecord[]> {
    const rows = await this.webhooks.listActive(caller.id);
    return rows.map((e) => ({ id: e.id, url: e.url, createdAt: e.createdAt.toISOString() }));
  }

  async remove(caller: Caller, id: string): Promise<void> {
    if (!(await this.webhooks.disable(caller.id, id))) {
      throw new ApiError(ApiErrorCode.WebhookEndpointNotFound, `No webhook endpoint ${id}`);
    }
  }
}
