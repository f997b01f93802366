/**
 * The benchmark chart, as hand-written SVG: throughput by concurrency (baseline and lifecycle) and
 * the latency distribution (p50/p95/p99) of each API call under the background load.
 */

export interface ThroughputPoint {
  readonly concurrency: number;
  readonly baseline: number;
  readonly lifecycle: number;
}

export interface LatencyBar {
  readonly endpoint: string;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

const COLORS = { baseline: '#8c8c8c', lifecycle: '#2f6db5', p50: '#9ecae1', p95: '#4292c6', p99: '#08519c' };
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** A "nice" axis maximum (1, 2, 2.5 or 5 times a power of ten) at or above `max`. */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

function text(x: number, y: number, s: string, attrs = ''): string {
  // font-size 12 unless the caller sets its own (an attribute may appear only once).
  const size = attrs.includes('font-size=') ? '' : ' font-size="12"';
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${FONT}${size} ${attrs}>${esc(s)}</text>`;
}

function throughputPanel(points: readonly ThroughputPoint[], x0: number, y0: number, w: number, h: number): string {
  const out: string[] = [];
  const top = y0 + 40;
  const bottom = y0 + h - 40;
  const left = x0 + 50;
  const right = x0 + w - 10;
  const max = niceMax(Math.max(...points.flatMap((p) => [p.baseline, p.lifecycle]), 0));
  const y = (v: number): number => bottom - (v / max) * (bottom - top);
  out.push(
    text(
      x0 + w / 2,
      y0 + 18,
      'Throughput (completed lifecycles per second)',
      'text-anchor="middle" font-weight="600" font-size="14"',
    ),
  );
  for (let i = 0; i <= 5; i++) {
    const v = (max * i) / 5;
    out.push(`<line x1="${left}" x2="${right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e5e5"/>`);
    out.push(text(left - 6, y(v) + 4, fmt(v), 'text-anchor="end" fill="#555"'));
  }
  const group = (right - left) / Math.max(points.length, 1);
  const bar = Math.min(40, group / 3);
  points.forEach((p, i) => {
    const cx = left + group * (i + 0.5);
    for (const [k, v, dx] of [
      ['baseline', p.baseline, -bar],
      ['lifecycle', p.lifecycle, 0],
    ] as const) {
      out.push(
        `<rect x="${(cx + dx).toFixed(1)}" y="${y(v).toFixed(1)}" width="${bar.toFixed(1)}" height="${(bottom - y(v)).toFixed(1)}" fill="${COLORS[k]}"/>`,
      );
      out.push(text(cx + dx + bar / 2, y(v) - 4, fmt(v), 'text-anchor="middle" font-size="11"'));
    }
    const ratio = p.baseline > 0 ? p.lifecycle / p.baseline : 0;
    out.push(text(cx, bottom + 16, `${p.concurrency} clients`, 'text-anchor="middle"'));
    out.push(text(cx, bottom + 30, `ratio ${ratio.toFixed(2)}`, 'text-anchor="middle" fill="#555" font-size="11"'));
  });
  out.push(`<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#333"/>`);
  out.push(
    legend(right - 170, top - 14, [
      ['baseline (raw Temporal)', COLORS.baseline],
      ['lifecycle (HTTP API)', COLORS.lifecycle],
    ]),
  );
  return out.join('\n');
}

function latencyPanel(
  bars: readonly LatencyBar[],
  x0: number,
  y0: number,
  w: number,
  h: number,
  title: string,
): string {
  const out: string[] = [];
  const top = y0 + 40;
  const labelWidth = 250;
  const left = x0 + labelWidth;
  const right = x0 + w - 50;
  const max = niceMax(Math.max(...bars.map((b) => b.p99), 0));
  const x = (v: number): number => left + (v / max) * (right - left);
  const row = (h - 70) / Math.max(bars.length, 1);
  const bar = Math.min(8, row / 4);
  out.push(text(x0 + w / 2, y0 + 18, title, 'text-anchor="middle" font-weight="600" font-size="14"'));
  const bottom = top + row * bars.length;
  for (let i = 0; i <= 5; i++) {
    const v = (max * i) / 5;
    out.push(`<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${top}" y2="${bottom}" stroke="#e5e5e5"/>`);
    out.push(text(x(v), bottom + 14, `${fmt(v)} ms`, 'text-anchor="middle" fill="#555" font-size="11"'));
  }
  bars.forEach((b, i) => {
    const ry = top + row * i + (row - 3 * bar) / 2;
    out.push(text(left - 8, ry + bar * 2, b.endpoint, 'text-anchor="end" font-size="11"'));
    (['p50', 'p95', 'p99'] as const).forEach((k, j) => {
      out.push(
        `<rect x="${left}" y="${(ry + j * bar).toFixed(1)}" width="${(x(b[k]) - left).toFixed(1)}" height="${(bar - 1).toFixed(1)}" fill="${COLORS[k]}"/>`,
      );
    });
    out.push(text(x(b.p99) + 4, ry + bar * 3 - 1, fmt(b.p99), 'font-size="10" fill="#08519c"'));
  });
  out.push(
    legend(
      right - 150,
      top - 14,
      [
        ['p50', COLORS.p50],
        ['p95', COLORS.p95],
        ['p99', COLORS.p99],
      ],
      50,
    ),
  );
  return out.join('\n');
}

function legend(x: number, y: number, items: readonly (readonly [string, string])[], step = 0): string {
  return items
    .map(([label, color], i) => {
      const dx = step > 0 ? i * step : 0;
      const dy = step > 0 ? 0 : i * 15;
      return `<rect x="${x + dx}" y="${y + dy - 9}" width="10" height="10" fill="${color}"/>${text(x + dx + 14, y + dy, label, 'font-size="11"')}`;
    })
    .join('\n');
}

/** One SVG: throughput on the left, latency per endpoint on the right. */
export function performanceSvg(
  throughput: readonly ThroughputPoint[],
  latency: readonly LatencyBar[],
  subtitle: string,
  latencyTitle = 'API latency under background load (ms)',
): string {
  const width = 1200;
  const height = Math.max(420, 110 + latency.length * 34);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    throughputPanel(throughput, 10, 10, 480, height - 40),
    latencyPanel(latency, 500, 10, 690, height - 40, latencyTitle),
    text(width / 2, height - 10, subtitle, 'text-anchor="middle" fill="#777" font-size="11"'),
    '</svg>',
    '',
  ].join('\n');
}
