export * from './embedded-postgres';
export * from './ports';
export * from './temporal-cli';
export * from './temporal-dev-server';
export * from './temporal-server';
export * from './go-binary';
export * from './dev-secret';
export * from './time-skipping-server';
