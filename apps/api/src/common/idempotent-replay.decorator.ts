/** How a route's answer is replayed for a retried Idempotency-Key (read by the IdempotencyInterceptor). */
import { SetMetadata } from '@nestjs/common';
import { ApiErrorCode } from '../errors/api-error';

export const IDEMPOTENT_REPLAY = 'mo:idempotent-replay';

export type ReplayPolicy =
  /** The default: an application answer is rendered again for the caller; any other is refused. */
  | { readonly mode: 'rerender' }
  /** Nothing of the answer is replayable (a secret shown once): a retry answers 409 with `code`. */
  | { readonly mode: 'refuse'; readonly code: ApiErrorCode };

export function IdempotentReplay(mode: 'rerender'): MethodDecorator & ClassDecorator;
export function IdempotentReplay(mode: 'refuse', code?: ApiErrorCode): MethodDecorator & ClassDecorator;
export function IdempotentReplay(
  mode: 'rerender' | 'refuse',
  code: ApiErrorCode = ApiErrorCode.IdempotentReplayRefused,
): MethodDecorator & ClassDecorator {
  return SetMetadata<string, ReplayPolicy>(IDEMPOTENT_REPLAY, mode === 'refuse' ? { mode, code } : { mode });
}
