export * from './activities';
export * from './workflow';
