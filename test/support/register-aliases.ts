/**
 * Jest's global setup runs in plain Node, outside Jest's moduleNameMapper: resolve the `@mo/*`
 * path aliases from tsconfig.json here, so it can use the same libs as everything else.
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const paths = (
  JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  }
).compilerOptions.paths;

type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const original = loader._resolveFilename;
loader._resolveFilename = function resolveAlias(request: string, ...rest: unknown[]): string {
  const target = paths[request]?.[0];
  return original.call(this, target === undefined ? request : join(root, target), ...rest);
};
