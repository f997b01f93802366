/**
 * Finds (or builds) Temporal's time-skipping test server for workflow tests. The SDK would download a native build
 * of it from GitHub, which machines that only reach package registries cannot do; so we run the same server (the
 * Java `io.temporal.testserver.TestServer` the native build is compiled from) from its Maven Central jars behind a
 * launcher script. Order: TEMPORAL_TEST_SERVER_PATH, a finished build in the project cache outside the repo, and
 * finally a fresh build there with Maven. Pass the result as `server.executable` `{ type: 'existing-path', path }` to
 * `TestWorkflowEnvironment.createTimeSkipping`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** `io.temporal:temporal-test-server` on Maven Central. The cache directory is keyed by it, so a bump rebuilds. */
export const TEMPORAL_TEST_SERVER_VERSION = '1.38.0';

const MAIN_CLASS = 'io.temporal.testserver.TestServer';
// Pinned: Maven 3.8's default dependency plugin (2.8) is ancient and resolves differently between Maven versions.
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy-dependencies';
// The server logs through slf4j 1.7 (the slf4j-api temporal-sdk brings); without a binding slf4j prints a warning
// on every start, and slf4j-simple at `warn` keeps real problems visible without per-request noise.
const SLF4J_VERSION = '1.7.36';
const LAUNCHER = 'temporal-test-server';

export function timeSkippingServerCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const cacheRoot = env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(cacheRoot, 'merchant-onboarding', 'temporal-test-server', TEMPORAL_TEST_SERVER_VERSION);
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Returns the path of an executable that behaves like the SDK's `temporal-test-server <port>` binary. */
export async function locateTimeSkippingServer(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const configured = env.TEMPORAL_TEST_SERVER_PATH;
  if (configured) {
    if (!existsSync(configured)) {
      throw new Error(
        `TEMPORAL_TEST_SERVER_PATH=${configured} does not exist; point it at a temporal-test-server executable`,
      );
    }
    return configured;
  }

  const cacheDir = timeSkippingServerCacheDir(env);
  const cached = join(cacheDir, LAUNCHER);
  // The directory only ever appears by rename of a complete build, so a launcher inside it means a usable server.
  if (existsSync(cached)) return cached;

  const java = findJava(env);
  const mvn = onPath('mvn', env);
  if (!java || !mvn) throw new Error(noServerMessage(cacheDir, { java: !!java, mvn: !!mvn }));

  await buildIntoCache(mvn, cacheDir, log, env);
  return cached;
}

/** `java` from JAVA_HOME or PATH, only if it actually starts (macOS ships a /usr/bin/java stub without a JDK). */
function findJava(env: NodeJS.ProcessEnv): string | undefined {
  const fromHome = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : undefined;
  const candidate = fromHome && existsSync(fromHome) ? fromHome : onPath('java', env);
  if (!candidate) return undefined;
  const probe = spawnSync(candidate, ['-version'], { env, stdio: 'ignore', timeout: 30_000 });
  return probe.status === 0 ? candidate : undefined;
}

/**
 * Fetches the server and its runtime dependencies into a private staging directory next to the cache entry, then
 * renames it into place. Parallel test workers may race here: the first rename wins and the others discard theirs.
 */
async function buildIntoCache(
  mvn: string,
  cacheDir: string,
  log: (line: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const parent = dirname(cacheDir);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${TEMPORAL_TEST_SERVER_VERSION}.partial-`));
  // mkdtemp makes it private (0700); the finished cache entry should read like any other directory.
  chmodSync(staging, 0o755);
  try {
    log(
      `[temporal] fetching io.temporal:temporal-test-server:${TEMPORAL_TEST_SERVER_VERSION} from Maven into ${cacheDir} (first time only)`,
    );
    writeFileSync(join(staging, 'pom.xml'), pomXml());
    await runMaven(mvn, staging, log, env);
    writeFileSync(join(staging, LAUNCHER), launcherScript());
    chmodSync(join(staging, LAUNCHER), 0o755);
    try {
      renameSync(staging, cacheDir);
    } catch (err) {
      // Another process finished first (rename onto a non-empty directory fails); its build is as good as ours.
      if (!existsSync(join(cacheDir, LAUNCHER))) throw err;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function pomXml(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by libs/dev-infra/src/time-skipping-server.ts: only used to fetch the test server's jars into lib/. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.merchant-onboarding</groupId>
  <artifactId>temporal-test-server-launcher</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEMPORAL_TEST_SERVER_VERSION}</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-simple</artifactId>
      <version>${SLF4J_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;
}

/**
 * The SDK runs the executable as `<path> <port>` and stops it with SIGKILL, hence `exec`: the signal must reach the
 * JVM, not a shell that would leave it orphaned. No `--enable-time-skipping`: the SDK expects the server to start with
 * skipping locked and unlocks it itself while awaiting results or in `env.sleep`. The directory is resolved at run
 * time so the build can be staged elsewhere and renamed into the cache.
 */
function launcherScript(): string {
  return `#!/bin/sh
# Temporal time-skipping test server ${TEMPORAL_TEST_SERVER_VERSION} (io.temporal:temporal-test-server, Maven Central).
# Generated by libs/dev-infra/src/time-skipping-server.ts; delete this directory to rebuild it.
# Usage: ${LAUNCHER} <port> [--enable-time-skipping]
# TEMPORAL_TEST_SERVER_JAVA_OPTS is appended to the JVM options (e.g. -Xmx1g to raise the heap cap).
dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
java=java
if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; fi
exec "$java" -Xms32m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \\
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn $TEMPORAL_TEST_SERVER_JAVA_OPTS \\
  -cp "$dir/lib/*" ${MAIN_CLASS} "$@"
`;
}

function runMaven(mvn: string, dir: string, log: (line: string) => void, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = [
      '-B',
      '-Dstyle.color=never',
      '-f',
      join(dir, 'pom.xml'),
      DEPENDENCY_PLUGIN,
      `-DoutputDirectory=${join(dir, 'lib')}`,
      '-DincludeScope=runtime',
    ];
    const child = spawn(mvn, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    // Maven reports failures on stdout; keep the tail of both streams for the error message.
    const tail: string[] = [];
    let downloads = 0;
    const started = Date.now();
    const progress = setInterval(() => {
      log(`[temporal] still fetching… ${downloads} files downloaded, ${Math.round((Date.now() - started) / 1000)}s`);
    }, 15_000);
    const collect = (chunk: Buffer): void => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        if (line.includes('Downloaded from')) downloads++;
        tail.push(line);
        if (tail.length > 40) tail.shift();
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err) => {
      clearInterval(progress);
      reject(err);
    });
    child.on('close', (code) => {
      clearInterval(progress);
      if (code === 0) {
        log(`[temporal] test server fetched in ${Math.round((Date.now() - started) / 1000)}s (${downloads} downloads)`);
        resolve();
      } else {
        reject(
          new Error(
            `mvn ${args.join(' ')} failed with exit code ${code} (is Maven Central or a mirror in ~/.m2/settings.xml reachable?):\n${tail.join('\n')}`,
          ),
        );
      }
    });
  });
}

function noServerMessage(cacheDir: string, found: { java: boolean; mvn: boolean }): string {
  const missing = [found.java ? undefined : 'java (JAVA_HOME or PATH)', found.mvn ? undefined : 'mvn (PATH)'];
  return [
    'No Temporal time-skipping test server could be found or built.',
    `Missing: ${missing.filter((m) => m !== undefined).join(', ')}.`,
    'Provide one of:',
    '  - TEMPORAL_TEST_SERVER_PATH=/path/to/temporal-test-server (the native build from',
    '    https://github.com/temporalio/sdk-java/releases, or any executable that runs',
    `    \`java -cp <jars> ${MAIN_CLASS} <port>\`)`,
    `  - a finished build at ${join(cacheDir, LAUNCHER)}`,
    `  - Java 8+ and Maven on PATH, so the project can fetch io.temporal:temporal-test-server:${TEMPORAL_TEST_SERVER_VERSION}`,
    '    from Maven Central (or your mirror) into that directory',
  ].join('\n');
}
