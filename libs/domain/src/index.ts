export * from './application';
export * from './domain-error';
export * from './identifiers';
export * from './policy';
export * from './prechecks';
export * from './profile';
export * from './reasons';
export * from './visibility';
