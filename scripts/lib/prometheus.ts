/** The Prometheus text exposition, parsed: what the metrics tests and the bench read from `/metrics`. */

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Samples of a scrape: `name{labels}` → value. */
export interface Scrape {
  readonly text: string;
  /** Every metric name with a sample, or declared by a TYPE line (with a histogram's series). */
  readonly names: Set<string>;
  readonly samples: readonly Sample[];
  /** The sum of the samples of `name` whose labels include `labels`; undefined when there are none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

export function parseScrape(text: string): Scrape {
  const names = new Set<string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      names.add(type[1]!);
      if (type[2] === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(`${type[1]}${s}`);
      continue;
    }
    if (line.startsWith('#') || !line.trim()) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]),
    );
    names.add(m[1]!);
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return {
    text,
    names,
    samples,
    value: (name, labels = {}) =>
      samples
        .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        .reduce<number | undefined>((sum, s) => (sum ?? 0) + s.value, undefined),
  };
}
