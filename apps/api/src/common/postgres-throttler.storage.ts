import { Logger } from '@nestjs/common';
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
  private lastWarning = 0;
  private readonly logger = new Logger('rate-limit');

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
    let counted;
    try {
      counted = await this.counters.hit(key, name, ttl);
    } catch (err) {
      // The limit protects the service; it must not take it down with the database. Fail open:
      // a PostgreSQL outage is answered by the routes themselves (503), /health keeps saying why.
      const now = Date.now();
      if (now - this.lastWarning > 10_000) {
        this.lastWarning = now;
        this.logger.warn(
          `rate limit not counted (PostgreSQL unreachable): ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
    const { hits, remainingMs } = counted;
    const seconds = Math.ceil(remainingMs / 1000);
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
  }
}
