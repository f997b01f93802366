// Lint: strict type-aware rules, zero warnings; workflow code may not import Node builtins or
// server-side packages (the workflow sandbox must stay deterministic).
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.data/**',
      'jest.config.js',
      'eslint.config.mjs',
      'scripts/*.mjs',
      'test/support/*.mjs',
      'apps/console/vite.config.mjs',
      'apps/console/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', '@temporalio/*', 'typeorm', 'pg', 'node:*', ...nodeBuiltins],
              message: 'The domain is pure: no framework, no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'pg',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
                'node:*',
                ...nodeBuiltins,
              ],
              message:
                'Workflow code runs in a deterministic sandbox: only @temporalio/workflow, @mo/domain and contracts.',
            },
          ],
        },
      ],
    },
  },
  {
    // One style of persistence (see libs/persistence/src/index.ts): repositories query with
    // parameterised SQL; entity classes are row types, not a query API.
    files: ['libs/persistence/src/repositories/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(getRepository|createQueryBuilder|withRepository)$/]',
          message: 'Repositories use parameterised SQL (db.query / tx.query), not the TypeORM entity API.',
        },
        {
          selector: "MemberExpression[property.name='manager']",
          message: 'Repositories use parameterised SQL (db.query / tx.query), not the TypeORM entity manager.',
        },
        {
          selector: 'CallExpression[arguments.0.name=/Entity$/]',
          message: 'Repositories use parameterised SQL (db.query / tx.query), not the TypeORM entity manager.',
        },
      ],
    },
  },
  {
    // The console's modules form no circle: feature folders depend on ui/ and api/, never back.
    files: ['apps/console/src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
