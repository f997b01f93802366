/**
 * The screening lists in force: the files named by SCREENING_LISTS read into one index, as a
 * version (sha256 of their bytes, entry count, load time). A load that fails anywhere leaves the
 * previous version serving and throws a `ScreeningListError` for the caller to alert on.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  DEFAULT_SCREENING_OPTIONS,
  ScreeningIndex,
  ScreeningListError,
  ScreeningListErrorCode,
  SimpleCsvReader,
  type ScreeningEntry,
  type ScreeningHit,
  type ScreeningOptions,
  type ScreeningSubject,
} from '@mo/domain/screening';

export interface ScreeningListVersion {
  /** `sha256:` and the hex digest of the files' bytes, in the order they are named. */
  readonly version: string;
  readonly entryCount: number;
  readonly loadedAt: Date;
  readonly sources: readonly { readonly path: string; readonly entryCount: number }[];
}

export type LoadOutcome =
  | { readonly outcome: 'loaded'; readonly version: ScreeningListVersion; readonly durationMs: number }
  /** The files hash to the version already serving: nothing was rebuilt. */
  | { readonly outcome: 'unchanged'; readonly version: ScreeningListVersion; readonly durationMs: number };

interface Loaded {
  readonly version: ScreeningListVersion;
  readonly index: ScreeningIndex;
}

export class ScreeningLists {
  private loaded: Loaded | undefined;
  private loading: Promise<LoadOutcome> | undefined;

  constructor(
    private readonly paths: readonly string[],
    private readonly options: ScreeningOptions = DEFAULT_SCREENING_OPTIONS,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The version serving, or undefined before the first successful load. */
  get version(): ScreeningListVersion | undefined {
    return this.loaded?.version;
  }

  /** Screens against the version serving, and says which one (recorded with each decision). */
  screen(subjects: readonly ScreeningSubject[]): {
    readonly version: string;
    readonly hits: (ScreeningHit & { readonly entry: ScreeningEntry })[];
  } {
    const loaded = this.loaded;
    if (loaded === undefined) throw new Error('screening lists not loaded');
    const hits = subjects.flatMap((s) => loaded.index.screen(s));
    // Same index, same load: every hit's entry is in it.
    return {
      version: loaded.version.version,
      hits: hits.map((h) => ({ ...h, entry: loaded.index.entry(h.entryId)! })),
    };
  }

  /** Reads every file again; one load at a time (a second caller shares the first's). */
  load(): Promise<LoadOutcome> {
    this.loading ??= this.read().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async read(): Promise<LoadOutcome> {
    const started = performance.now();
    const hash = createHash('sha256');
    const index = new ScreeningIndex(this.options);
    const sources: { path: string; entryCount: number }[] = [];
    for (const path of this.paths) {
      sources.push({ path, entryCount: await readInto(path, hash, index) });
    }
    const version = `sha256:${hash.digest('hex')}`;
    const durationMs = performance.now() - started;
    const serving = this.loaded;
    if (serving !== undefined && serving.version.version === version) {
      return { outcome: 'unchanged', version: serving.version, durationMs };
    }
    const loaded: Loaded = { version: { version, entryCount: index.size, loadedAt: this.clock(), sources }, index };
    this.loaded = loaded;
    return { outcome: 'loaded', version: loaded.version, durationMs };
  }
}

/** Streams one file into the hash and the index; returns its entry count. */
async function readInto(path: string, hash: ReturnType<typeof createHash>, index: ScreeningIndex): Promise<number> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = new SimpleCsvReader((entry) => index.add(entry));
  const located = (err: unknown): ScreeningListError =>
    err instanceof ScreeningListError
      ? new ScreeningListError(err.code, err.line, err.reason, path)
      : new ScreeningListError(
          ScreeningListErrorCode.Unreadable,
          0,
          err instanceof Error ? err.message : String(err),
          path,
        );
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      reader.push(decoder.decode(bytes, { stream: true }));
    }
    reader.push(decoder.decode());
    return reader.end();
  } catch (err) {
    throw located(err);
  }
}
