#!/usr/bin/env node
// Runs every compiled benchmark (dist/bench/*.bench.js) one after the other. Each prints its
// result as a ratio against a baseline measured in the same run (ENVIRONMENT.md: the machine is
// shared and noisy, absolute times mean little). Pass names to run a subset: npm run bench -- pathway
// The data-scale bench (minutes of seeding, gigabytes of data) runs only when named or with
// BENCH_SCALE=1 (or --scale): BENCH_SCALE=1 npm run bench, or npm run bench -- data-scale.
// The memory soak only when named: npm run bench -- soak (SOAK_MINUTES, default 10).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(import.meta.dirname, '..', 'dist', 'bench');
const args = process.argv.slice(2);
const scale = args.includes('--scale') || process.env.BENCH_SCALE === '1';
const only = args.filter((arg) => arg !== '--scale');
const SCALE_BENCH = 'data-scale.bench.js';
// The soak (ten minutes at constant load) runs only when named: npm run bench -- soak.
const SOAK_BENCH = 'soak.bench.js';
const benches = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.js'))
  .filter((file) =>
    only.length === 0
      ? (file !== SCALE_BENCH || scale) && file !== SOAK_BENCH
      : only.some((name) => file.includes(name)),
  )
  .sort();
if (benches.length === 0) {
  console.error('no benchmarks found in dist/bench (run `npm run build`)');
  process.exit(1);
}
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file.replace(/\.bench\.js$/, '')} ===`);
  const result = spawnSync(process.execPath, [join(dir, file)], {
    stdio: 'inherit',
    env: { ...process.env, TZ: 'UTC' },
  });
  if (result.status !== 0) failed += 1;
}
if (!benches.includes(SCALE_BENCH)) {
  console.log(
    '\n(data-scale bench skipped: run it with BENCH_SCALE=1 npm run bench, or npm run bench -- data-scale; sizes in bench/data-scale.bench.ts)',
  );
}
process.exit(failed === 0 ? 0 : 1);
