export * from './logger';
export * from './tracing';
export * from './metrics';
export * from './temporal';
export * from './redact-error';
