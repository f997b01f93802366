export { merchantApplicationWorkflow } from './merchant-application.workflow';
