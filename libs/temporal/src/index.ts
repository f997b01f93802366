export * from './temporal-client.module';
export * from './workflow-bundle';
export * from './project-root';
export * from './search-attributes';
export * from './encryption-codec';
export * from './consistency-check';
export * from './connection-options';
export * from './update-retry';
