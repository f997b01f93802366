import type { ThrottlerStorage } from '@nestjs/throttler';
import type { RateLimitRepository } from '@mo/persistence';

/**
 * @nestjs/throttler's storage in PostgreSQL: the rate limit holds across all API instances (the
 * default in-memory storage counts per process). Fixed windows of `ttl`; a caller over the limit
 * waits for the window's end (the Retry-After the guard sends).
 */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

export class PostgresThrottlerStorage implements ThrottlerStorage {
  private calls = 0;

  constructor(private readonly counters: RateLimitRepository) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    name: string,
  ): Promise<ThrottlerStorageRecord> {
    // Ended windows are swept now and then, by whichever instance happens to be counting.
    if (++this.calls % 1000 === 0) void this.counters.purgeEnded().catch(() => undefined);
    const { hits, remainingMs } = await this.counters.hit(key, name, ttl);
    const seconds = Math.ceil(remainingMs / 1000);
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
  }
}
