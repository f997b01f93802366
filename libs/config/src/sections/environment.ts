/** NODE_ENV and LOG_LEVEL: which kind of deployment this is, and how much it logs. */
import type { Reader } from '../reader';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export function readNodeEnv(read: Reader): NodeEnv {
  return read.oneOf('NODE_ENV', ['development', 'production', 'test'], 'development');
}

export function readLogLevel(read: Reader): LogLevel {
  return read.oneOf('LOG_LEVEL', LOG_LEVELS, 'log');
}

/** Log levels at and above the configured one, in Nest's vocabulary. */
export function enabledLogLevels(level: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

/** NODE_ENV set to development or test: an unset NODE_ENV is a deployment that forgot it, not a developer. */
export function developmentChosen(env: NodeJS.ProcessEnv = process.env): boolean {
  const nodeEnv = env.NODE_ENV?.trim();
  return nodeEnv === 'development' || nodeEnv === 'test';
}
