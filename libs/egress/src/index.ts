export * from './host-resolver';
export * from './pinned-request';
export * from './public-address';
