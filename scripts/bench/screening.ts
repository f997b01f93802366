/**
 * npm run bench:screening: the screening engine alone (issue 22). Writes a synthetic list of
 * 1,000,000 entries (SCREENING_BENCH_ENTRIES) in the OpenSanctions simple CSV format, loads it as
 * the worker would, and screens applications of five subjects each (the business, the legal
 * representative, three owners). Reports load time, RSS and the p99 of one application's screening;
 * writes bench/results/screening-<date>.json. Separate from npm run bench: no servers needed.
 */
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { ScreeningLists } from '../../apps/worker/src/screening/screening-lists';
import { projectRoot } from '../../libs/temporal/src/project-root';
import type { ScreeningSubject } from '@mo/domain/screening';

const MB = 1024 * 1024;
const log = (line: string): void => void process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const int = (name: string, fallback: number): number => {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
};

/** mulberry32: the same list and the same applications on every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(22);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
/** Zipf-like: low indexes far more often, so some tokens are in tens of thousands of entries. */
const pickSkewed = <T>(items: readonly T[]): T => items[Math.floor(items.length * random() ** 3)]!;

// Invented words from syllables: fictional names with a realistic spread of token frequencies.
const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'kr', 'st', 'th', 'sh'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou', 'ei'];
const CODAS = ['', '', 'n', 'r', 's', 'l', 'th', 'x'];
const word = (syllables: number): string => {
  let w = '';
  for (let i = 0; i < syllables; i++) w += pick(ONSETS) + pick(VOWELS) + pick(CODAS);
  return w.charAt(0).toUpperCase() + w.slice(1);
};
const GIVEN = Array.from({ length: 4_000 }, () => word(2));
const FAMILY = Array.from({ length: 60_000 }, () => word(2 + Math.floor(random() * 2)));
const HAN_SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const HAN_GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞建国春梅海燕文斌志宏俊晓东峰辉亮成林波宁琳雪慧颖欣怡浩宇轩泽睿博嘉子涵梓萱诗雨思琪佳琦晨阳',
];
const COMPANY_WORDS = [
  'Trading',
  'Holdings',
  'Logistics',
  'Shipping',
  'Energy',
  'Mining',
  'Capital',
  'Industrial',
  'Export',
  'Systems',
];
const LEGAL_FORMS = ['Ltd', 'LLC', 'GmbH', 'Co., Ltd.', 'JSC', 'S.A.', 'Limited'];
const HAN_COMPANY = [...'华中国际贸易能源矿业投资科技实业物流航运控股电子'];
const COUNTRIES = ['ru', 'cn', 'ir', 'kp', 'sy', 'by', 've', 'ae', 'tr', 'hk', 'sg', 'us', 'gb', 'de'];

const han = (pool: readonly string[], n: number): string => Array.from({ length: n }, () => pick(pool)).join('');
const personLatin = (): string => `${pickSkewed(GIVEN)} ${pickSkewed(FAMILY)}`;
const personHan = (): string => pickSkewed(HAN_SURNAMES) + han(HAN_GIVEN, 1 + Math.floor(random() * 2));
const companyLatin = (): string => `${pickSkewed(FAMILY)} ${pick(COMPANY_WORDS)} ${pick(LEGAL_FORMS)}`;
const companyHan = (): string => `${han(HAN_COMPANY, 2)}${han(HAN_GIVEN, 2)}${han(HAN_COMPANY, 2)}有限公司`;
const date = (): string =>
  `${1940 + Math.floor(random() * 65)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
const quote = (field: string): string => (/[",\n\r]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);

interface Generated {
  readonly name: string;
  readonly kind: 'person' | 'organisation';
}

/** Writes the list; keeps every 1,000th entry so the applications can include real hits. */
async function writeList(path: string, entries: number): Promise<Generated[]> {
  const out = createWriteStream(path);
  const kept: Generated[] = [];
  const header =
    'id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,phones,emails,dataset,first_seen,last_seen,last_change\n';
  let buffer = header;
  for (let i = 0; i < entries; i++) {
    const r = random();
    const kind = r < 0.85 ? 'person' : 'organisation';
    const name = r < 0.65 ? personLatin() : r < 0.85 ? personHan() : r < 0.95 ? companyLatin() : companyHan();
    const aliases = random() < 0.3 ? (kind === 'person' ? personLatin() : companyLatin()) : '';
    const row = [
      `bench-${i}`,
      kind === 'person' ? 'Person' : 'Company',
      name,
      aliases,
      kind === 'person' && random() < 0.7 ? date() : '',
      random() < 0.8 ? pick(COUNTRIES) : '',
      '',
      random() < 0.3 ? `ID${Math.floor(random() * 1e10)}` : '',
      'Bench programme',
      '',
      '',
      random() < 0.5 ? 'bench_sanctions' : 'bench_peps',
      '2026-01-01',
      '2026-12-01',
      '2026-06-01',
    ];
    buffer += `${row.map(quote).join(',')}\n`;
    if (i % 1_000 === 0) kept.push({ name, kind });
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return kept;
}

/** One application: the business, the legal representative and three owners; about one in five a listed name. */
function application(listedPersons: readonly Generated[], n: number): ScreeningSubject[] {
  const person = (subject: string): ScreeningSubject => {
    const fromList = random() < 0.2 ? listedPersons[(n * 7 + subject.length) % listedPersons.length] : undefined;
    const name = fromList?.name ?? (random() < 0.3 ? personHan() : personLatin());
    return {
      subject,
      kind: 'person',
      names: [name],
      dateOfBirth: date(),
      nationality: 'CN',
      idNumber: `11010119800101${n % 10_000}`,
    };
  };
  return [
    { subject: 'business', kind: 'organisation', names: [random() < 0.5 ? companyHan() : companyLatin()] },
    person('legalRepresentative'),
    person('beneficialOwners[bo-1]'),
    person('beneficialOwners[bo-2]'),
    person('beneficialOwners[bo-3]'),
  ];
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
const rssMb = (): number => round(process.memoryUsage().rss / MB);
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

async function main(): Promise<void> {
  const entries = int('SCREENING_BENCH_ENTRIES', 1_000_000);
  const samples = int('SCREENING_BENCH_APPLICATIONS', 2_000);
  // other processes on the machine move these figures a lot: the load average goes with them
  const loadAverageAtStart = loadavg().map((n) => round(n, 2));
  const dir = mkdtempSync(join(tmpdir(), 'screening-bench-'));
  const path = join(dir, 'bench.simple.csv');
  try {
    log(`writing ${entries.toLocaleString('en')} entries to ${path}`);
    const listed = (await writeList(path, entries)).filter((g) => g.kind === 'person');
    const fileMb = round(statSync(path).size / MB);
    gc();
    const rssBefore = rssMb();
    const lists = new ScreeningLists([path]);
    log('loading');
    const loaded = await lists.load();
    gc();
    const rssLoaded = rssMb();
    const heapLoaded = round(process.memoryUsage().heapUsed / MB);
    log(`loaded ${loaded.version.entryCount} entries in ${round(loaded.durationMs / 1000, 2)} s; RSS ${rssLoaded} MB`);

    for (let i = 0; i < 1_000; i++) lists.screen(application(listed, i)); // warm-up: JIT, first pinyin look-ups
    gc();
    const times: number[] = [];
    // CPU time too: on a shared machine wall time includes waiting for a core
    const cpuTimes: number[] = [];
    let hits = 0;
    for (let i = 0; i < samples; i++) {
      const subjects = application(listed, i);
      const cpu = process.cpuUsage();
      const t = performance.now();
      hits += lists.screen(subjects).hits.length;
      times.push(performance.now() - t);
      const used = process.cpuUsage(cpu);
      cpuTimes.push((used.user + used.system) / 1000);
    }
    times.sort((a, b) => a - b);
    cpuTimes.sort((a, b) => a - b);
    const rssPeak = round(process.resourceUsage().maxRSS / 1024);
    const results = {
      date: new Date().toISOString(),
      machine: {
        cpuModel: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        ramGb: round(totalmem() / 1024 ** 3),
        node: process.version,
        loadAverageAtStart,
        loadAverageAtEnd: loadavg().map((n) => round(n, 2)),
      },
      list: { entries, screenable: loaded.version.entryCount, fileMb },
      load: {
        seconds: round(loaded.durationMs / 1000, 2),
        rssBeforeMb: rssBefore,
        rssLoadedMb: rssLoaded,
        heapUsedMb: heapLoaded,
        rssPeakMb: rssPeak,
      },
      screening: {
        applications: samples,
        subjectsPerApplication: 5,
        hits,
        p50Ms: round(percentile(times, 50), 2),
        p99Ms: round(percentile(times, 99), 2),
        maxMs: round(times[times.length - 1] ?? 0, 2),
        cpuP50Ms: round(percentile(cpuTimes, 50), 2),
        cpuP99Ms: round(percentile(cpuTimes, 99), 2),
        targetP99Ms: 20,
      },
    };
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    const resultsDir = join(projectRoot(), 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    const out = join(resultsDir, `screening-${results.date.slice(0, 10)}.json`);
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    log(`wrote ${out}`);
  } finally {
    if (process.env.SCREENING_BENCH_KEEP === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`screening bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
