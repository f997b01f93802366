export * from './application';
export * from './domain-error';
export * from './identifiers';
export * from './prechecks';
