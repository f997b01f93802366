import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, type AppConfig } from '@mo/config';

/** The channel each recorded transition notifies, with the application id as payload. */
export const APPLICATION_CHANGED_CHANNEL = 'application_changed';

/**
 * Wakes whoever waits for an application to change (the API's long-poll read): one PostgreSQL
 * connection per process LISTENs on `application_changed`, which every recorded transition NOTIFYs
 * on commit, whichever worker wrote it. The connection opens at the first wait (a worker never
 * opens one). If it drops, waiters just reach their timeout and the next wait reconnects: a missed
 * wake-up costs latency, never a wrong answer, because the caller reads the row again.
 */
@Injectable()
export class ApplicationChanges implements OnModuleDestroy {
  private readonly logger = new Logger(ApplicationChanges.name);
  private readonly waiters = new Map<string, Set<() => void>>();
  private listening: Promise<Client> | null = null;
  private closed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Registers a wait for the next change of `applicationId` before the caller reads the row (so a
   * change between the read and the wait is not missed): `changed` settles on that change or after
   * `timeoutMs`, whichever comes first; `cancel` drops the wait.
   */
  private async watch(
    applicationId: string,
    timeoutMs: number,
  ): Promise<{ changed: Promise<void>; cancel: () => void }> {
    // Shutting down: answer at once, so a deploy never waits for a long poll to run out.
    if (this.closed) return { changed: Promise.resolve(), cancel: () => undefined };
    await this.listen();
    let wake: () => void = () => undefined;
    const changed = new Promise<void>((resolve) => (wake = resolve));
    const timer = setTimeout(() => done(), timeoutMs);
    const set = this.waiters.get(applicationId) ?? new Set<() => void>();
    this.waiters.set(applicationId, set);
    const done = (): void => {
      clearTimeout(timer);
      set.delete(done);
      if (set.size === 0 && this.waiters.get(applicationId) === set) this.waiters.delete(applicationId);
      wake();
    };
    set.add(done);
    return { changed, cancel: done };
  }

  /**
   * Waits until `readVersion()` (the read model's version of the application) reaches `version`, or
   * `timeoutMs` passes; true if it did. Each change wakes a fresh read, so an intermediate version
   * or a missed notification costs a read, never a wrong answer.
   */
  async reached(
    applicationId: string,
    version: number,
    timeoutMs: number,
    readVersion: () => Promise<number | null>,
  ): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const watch = await this.watch(applicationId, Math.max(0, deadline - Date.now()));
      try {
        if (((await readVersion()) ?? 0) >= version) return true;
        if (Date.now() >= deadline || this.closed) return false;
        await watch.changed;
      } finally {
        watch.cancel();
      }
    }
  }

  /** Open waits (for a gauge and the tests). */
  get waiting(): number {
    let n = 0;
    for (const set of this.waiters.values()) n += set.size;
    return n;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const set of [...this.waiters.values()]) for (const done of [...set]) done();
    const client = await this.listening?.catch(() => null);
    await client?.end().catch(() => undefined);
  }

  private listen(): Promise<Client> {
    if (this.listening !== null) return this.listening;
    const client = new Client({
      connectionString: this.config.database.url.reveal(),
      application_name: 'merchant-onboarding-listen',
    });
    const lost = (reason: unknown): void => {
      if (this.closed || this.listening === null) return;
      this.logger.warn(`change notifications lost (${String(reason)}); the next wait reconnects`);
      this.listening = null;
      void client.end().catch(() => undefined);
    };
    client.on('notification', (msg) => {
      const set = msg.payload ? this.waiters.get(msg.payload) : undefined;
      if (set) for (const done of [...set]) done();
    });
    client.on('error', lost);
    client.on('end', () => lost('connection ended'));
    this.listening = client
      .connect()
      .then(() => client.query(`LISTEN ${APPLICATION_CHANGED_CHANNEL}`))
      .then(() => client)
      .catch((err: unknown) => {
        this.listening = null;
        void client.end().catch(() => undefined);
        throw err;
      });
    return this.listening;
  }
}
