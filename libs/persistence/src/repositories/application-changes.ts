import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import type { ApplicationEntity } from '../entities/application.entity';
import { ApplicationRepository } from './application.repository';

/** The channel each recorded transition notifies, with the application id as payload. */
export const APPLICATION_CHANGED_CHANNEL = 'application_changed';

interface Waiter {
  readonly version: number;
  /** The row as last read for this application (null: not read yet, or not there). */
  row: ApplicationEntity | null;
  finish(reached: boolean): void;
}

export interface Reached {
  readonly reached: boolean;
  /** The row as last read (the change that settled the wait, or the one before its timeout). */
  readonly row: ApplicationEntity | null;
}

/**
 * The one change dispatcher of a process: one PostgreSQL connection LISTENs on
 * `application_changed` (every recorded transition NOTIFYs it on commit, whichever worker wrote
 * it), and each notification costs one read of that application's row, shared by every waiter on
 * it in memory (an action waiting for its own write, long polls). The connection opens at the first
 * wait (a worker never opens one), has TCP keepalive and a heartbeat, and is replaced as soon as it
 * drops or stops answering; what changed meanwhile was not notified, so every waited application is
 * read again once it is back (and every second while it is not). A wait never throws: a missed
 * wake-up costs latency, never a wrong answer.
 */
@Injectable()
export class ApplicationChanges implements OnModuleDestroy {
  private readonly logger = new Logger(ApplicationChanges.name);
  private readonly waiters = new Map<string, Set<Waiter>>();
  /** Reads in flight, per application; `again`: a change arrived meanwhile, read once more after. */
  private readonly reads = new Map<string, { again: boolean }>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  private failures = 0;
  private closed = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly applications: ApplicationRepository,
  ) {}

  /**
   * Waits until the read model's row of `applicationId` has at least `version`, or `timeoutMs`
   * passes, or `signal` aborts (the client went away). The wait is registered before the first read,
   * so a change between the two is not missed.
   */
  async reached(applicationId: string, version: number, timeoutMs: number, signal?: AbortSignal): Promise<Reached> {
    let settle: (reached: boolean) => void = () => undefined;
    const settled = new Promise<boolean>((resolve) => (settle = resolve));
    const set = this.waiters.get(applicationId) ?? new Set<Waiter>();
    this.waiters.set(applicationId, set);
    const timer = setTimeout(() => waiter.finish(false), timeoutMs);
    const waiter: Waiter = {
      version,
      row: null,
      finish: (reached) => {
        clearTimeout(timer);
        set.delete(waiter);
        if (set.size === 0 && this.waiters.get(applicationId) === set) this.waiters.delete(applicationId);
        settle(reached);
      },
    };
    set.add(waiter);
    signal?.addEventListener('abort', () => waiter.finish(false), { once: true });
    if (this.closed || signal?.aborted) {
      // Shutting down: one read, no wait, so a deploy never waits for a long poll to run out.
      waiter.finish(false);
      const row = await this.applications.findForStaff(applicationId).catch(() => null);
      return { reached: (row?.version ?? 0) >= version, row };
    }
    void this.listen();
    this.refresh(applicationId);
    const reached = await settled;
    return { reached, row: waiter.row };
  }

  /** Open waits (for a gauge and the tests). */
  get waiting(): number {
    let n = 0;
    for (const set of this.waiters.values()) n += set.size;
    return n;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const set of [...this.waiters.values()]) for (const waiter of [...set]) waiter.finish(false);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** One read of the row for every waiter of this application (a change meanwhile: one more after). */
  private refresh(applicationId: string): void {
    const inFlight = this.reads.get(applicationId);
    if (inFlight) {
      inFlight.again = true;
      return;
    }
    const read = { again: true };
    this.reads.set(applicationId, read);
    void (async () => {
      try {
        while (read.again && this.waiters.has(applicationId)) {
          read.again = false;
          const row = await this.applications.findForStaff(applicationId);
          for (const waiter of [...(this.waiters.get(applicationId) ?? [])]) {
            waiter.row = row;
            if ((row?.version ?? 0) >= waiter.version) waiter.finish(true);
          }
        }
      } catch (err) {
        // The database is briefly away: the waiters stay, and the next notification or poll reads again.
        this.logger.warn(`reading application ${applicationId} for its waiters failed: ${String(err)}`);
        this.scheduleRetry();
      } finally {
        this.reads.delete(applicationId);
      }
    })();
  }

  private listen(): Promise<void> {
    if (this.closed || this.client !== null) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const heartbeatMs = this.config.tenancy.listenHeartbeatMs;
    const client = new Client({
      connectionString: this.config.database.url.reveal(),
      application_name: 'merchant-onboarding-listen',
      keepAlive: true,
      keepAliveInitialDelayMillis: heartbeatMs,
      connectionTimeoutMillis: 5_000,
    });
    client.on('notification', (msg) => {
      if (msg.payload && this.waiters.has(msg.payload)) this.refresh(msg.payload);
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, 'connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${APPLICATION_CHANGED_CHANNEL}`);
    } catch (err) {
      void client.end().catch(() => undefined);
      this.logger.warn(`cannot listen for changes (${String(err)}); retrying`);
      this.scheduleRetry();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.heartbeat = setInterval(() => void this.ping(client, heartbeatMs), heartbeatMs);
    this.heartbeat.unref();
    // Changes while nothing listened were not notified: whoever waits reads again.
    for (const id of this.waiters.keys()) this.refresh(id);
  }

  /** A connection that does not answer a ping within the interval is dead (a half-open TCP link). */
  private async ping(client: Client, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const silent = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer to a ping within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([client.query('SELECT 1'), silent]);
    } catch (err) {
      this.lost(client, err);
    } finally {
      clearTimeout(timer);
    }
  }

  private lost(client: Client, reason: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    void client.end().catch(() => undefined);
    if (this.closed) return;
    this.logger.warn(`change notifications lost (${String(reason)}); reconnecting`);
    if (this.waiters.size > 0) void this.listen();
  }

  /**
   * While the connection or the reads fail: try again with backoff (up to a second), reading every
   * waited application again each time. Nothing waits: the next wait reconnects.
   */
  private scheduleRetry(): void {
    if (this.closed || this.retry !== null || this.waiters.size === 0) return;
    const delay = Math.min(1_000, 50 * 2 ** this.failures++);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.waiters.size === 0) return;
      void this.listen();
      for (const id of this.waiters.keys()) this.refresh(id);
    }, delay);
    this.retry.unref();
  }
}
