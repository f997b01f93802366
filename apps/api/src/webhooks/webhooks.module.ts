import { Module } from '@nestjs/common';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Merchants' webhook endpoints (deliveries run in the worker). */
@Module({ controllers: [WebhooksController], providers: [WebhooksService] })
export class WebhooksModule {}
