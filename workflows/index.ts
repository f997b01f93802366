export { merchantApplicationWorkflow } from './merchant-application.workflow';
export { webhookDeliveryWorkflow } from './webhook-delivery.workflow';
export { purgeIdempotencyKeysWorkflow } from './purge-idempotency-keys.workflow';
export { rescreeningWorkflow } from './rescreening.workflow';
