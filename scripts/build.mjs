#!/usr/bin/env node
// Compiles the TypeScript sources (apps, libs, prisma seed, bench) to CommonJS in dist/ with
// swc, rewriting the @consilium/* path aliases to relative requires. Type-checking is separate
// (`npm run typecheck`): swc only strips types, which keeps the build to a second or two.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
const swcrc = {
  sourceMaps: true,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
    baseUrl: root,
    paths: compilerOptions.paths,
  },
  module: { type: 'commonjs' },
};
rmSync(join(root, 'dist'), { recursive: true, force: true });
mkdirSync(join(root, 'dist'), { recursive: true });
const configFile = join(root, 'dist', '.swcrc.json');
writeFileSync(configFile, JSON.stringify(swcrc));
const sources = ['apps/api/src', 'apps/worker/src', 'libs', 'prisma', 'bench', 'scripts/ts'];
execFileSync(
  join(root, 'node_modules', '.bin', 'swc'),
  [...sources, '--config-file', configFile, '-d', 'dist', '--ignore', '**/*.spec.ts', '--quiet'],
  { cwd: root, stdio: 'inherit' },
);
