import { ApiError, ApiErrorCode } from '../errors/api-error';

/**
 * Long-poll reads held open in this process, per caller and in all: a caller over its share is
 * answered 429 and the process over its bound 503 (both with Retry-After), before anything waits.
 */
export class LongPollSlots {
  private readonly perCaller = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly maxPerCaller: number,
    private readonly maxPerProcess: number,
  ) {}

  /** A slot for this caller, or the refusal; `release` gives it back (once). */
  take(caller: string): () => void {
    if (this.total >= this.maxPerProcess) {
      throw new ApiError(
        ApiErrorCode.LongPollCapacityReached,
        `This API instance already holds ${this.maxPerProcess} waits; retry after the Retry-After delay`,
        [{ field: 'wait', message: 'no capacity for another wait now' }],
      );
    }
    const mine = this.perCaller.get(caller) ?? 0;
    if (mine >= this.maxPerCaller) {
      throw new ApiError(
        ApiErrorCode.LongPollLimitReached,
        `You already hold ${mine} waits (at most ${this.maxPerCaller}); retry when one has answered`,
        [{ field: 'wait', message: `at most ${this.maxPerCaller} waits at once per caller` }],
      );
    }
    this.perCaller.set(caller, mine + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.perCaller.get(caller) ?? 1) - 1;
      if (left === 0) this.perCaller.delete(caller);
      else this.perCaller.set(caller, left);
    };
  }
}
