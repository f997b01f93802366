export * from './activities';
export * from './workflow';
export * from './webhooks';
export * from './maintenance';
export * from './actions';
export * from './action-routes';
