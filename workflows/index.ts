export { merchantApplicationWorkflow } from './merchant-application.workflow';
export { webhookDeliveryWorkflow } from './webhook-delivery.workflow';
