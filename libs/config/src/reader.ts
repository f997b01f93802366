/**
 * What every section of the configuration reads with: a reader over the environment that collects
 * problems instead of throwing, so start-up names every bad or missing variable at once.
 */

/** Holds a secret value; prints as [redacted] in logs, JSON and string interpolation. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads variables, recording a problem (and returning the fallback) for each bad or missing one. */
export class Reader {
  readonly problems: string[] = [];
  constructor(readonly env: NodeJS.ProcessEnv) {}

  /** The trimmed value, or null when unset or blank; never a problem. */
  optional(name: string): string | null {
    return this.env[name]?.trim() || null;
  }

  string(name: string, fallback?: string): string {
    const value = this.env[name]?.trim();
    if (value) return value;
    if (fallback !== undefined) return fallback;
    this.problems.push(`${name} is required`);
    return '';
  }

  port(name: string, fallback: number): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      this.problems.push(`${name} must be a TCP port (1-65535), got "${raw}"`);
      return fallback;
    }
    return port;
  }

  positive(name: string, fallback: number): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) {
      this.problems.push(`${name} must be a positive number, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  list(name: string, fallback: readonly string[], item: RegExp): readonly string[] {
    const raw = this.env[name];
    if (raw === undefined) return fallback;
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = items.filter((i) => !item.test(i));
    if (bad.length > 0) this.problems.push(`${name} has invalid entries: ${bad.join(', ')}`);
    return items;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  }

  flag(name: string, fallback: 'true' | 'false'): boolean {
    return this.oneOf(name, ['true', 'false'], fallback) === 'true';
  }

  secret(name: string, minLength: number): Secret {
    const value = this.string(name);
    if (value && value.length < minLength) {
      this.problems.push(`${name} must be at least ${minLength} characters`);
    }
    return new Secret(value);
  }

  /** The value read, unless a problem was recorded: then the process must not start. */
  done<T>(config: T): T {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
    return config;
  }
}
