import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface RateLimitHit {
  /** Hits in the current window, this one included. */
  readonly hits: number;
  /** Milliseconds until the window ends. */
  readonly remainingMs: number;
}

/**
 * Fixed-window counters in PostgreSQL, so every API instance counts the same hits. The window is
 * computed from the database's clock, so instances with skewed clocks still agree. (Unlogged: the
 * counters are not worth a WAL write, and losing them in a crash only resets the windows.)
 */
@Injectable()
export class RateLimitRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async hit(key: string, throttler: string, windowMs: number): Promise<RateLimitHit> {
    const rows: { hits: number; remaining_ms: string }[] = await this.db.query(
      `WITH w AS (
         SELECT to_timestamp(floor(extract(epoch FROM now()) * 1000 / $3) * $3 / 1000.0) AS start
       )
       INSERT INTO rate_limit_windows (key, throttler, window_start, window_end, hits)
       SELECT $1, $2, w.start, w.start + make_interval(secs => $3 / 1000.0), 1 FROM w
       ON CONFLICT (key, throttler, window_start) DO UPDATE SET hits = rate_limit_windows.hits + 1
       RETURNING hits, (extract(epoch FROM (window_end - now())) * 1000)::bigint AS remaining_ms`,
      [key, throttler, windowMs],
    );
    const row = rows[0]!;
    return { hits: row.hits, remainingMs: Math.max(0, Number(row.remaining_ms)) };
  }

  /** Drops windows that have ended; returns how many. */
  async purgeEnded(): Promise<number> {
    const result: [unknown[], number] = await this.db.query(
      `DELETE FROM rate_limit_windows WHERE window_end < now() - interval '1 minute'`,
    );
    return result[1];
  }
}
